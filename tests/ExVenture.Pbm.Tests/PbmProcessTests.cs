using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ExVenture.Pbm.Tests;

/// <summary>The built <c>pbm</c> (pbm.dll, copied beside the tests) run as its own process, as operators and scripts run it.</summary>
public sealed class PbmProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static string PbmDll => Path.Combine(AppContext.BaseDirectory, "pbm.dll");

    [Fact]
    public async Task A_closed_port_fails_fast_with_exit_code_3_and_the_hint()
    {
        var port = PbmClientTests.FreePort();
        var clock = Stopwatch.StartNew();

        var (code, stdout, stderr) = await RunAsync(["--token", "t", $"127.0.0.1:{port}", "cluster", "show"]);

        clock.Stop();
        Assert.Equal(PbmExitCodes.Unreachable, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"pbm: cannot reach 127.0.0.1:{port} (connection refused). Is the node running with OPERATOR_PORT={port} and OPERATOR_BIND reachable from here?",
            stderr.Trim());
        // Process start included; the connect itself is refused at once.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        var (code, _, stderr) = await RunAsync(["--frobnicate", "h"]);

        Assert.Equal(PbmExitCodes.Usage, code);
        Assert.StartsWith("pbm: unknown option '--frobnicate'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_shot_and_json_against_a_node()
    {
        await using var node = await FakeNode.StartAsync();

        var text = await RunAsync([node.Endpoint, "cluster", "show"], ("PBM_TOKEN", FakeNode.Token));
        var json = await RunAsync(["--json", "--token", FakeNode.Token, node.Endpoint, "cluster", "show"]);
        var refused = await RunAsync(["--token", "wrong", node.Endpoint, "cluster", "show"]);

        Assert.Equal((0, "akka.tcp://exventure@a:4053 Up\nakka.tcp://exventure@b:4053 Up\n", ""), (text.Code, text.Stdout, text.Stderr));
        Assert.Equal(0, json.Code);
        Assert.Contains("\"members\": 2", json.Stdout, StringComparison.Ordinal);
        Assert.Equal(PbmExitCodes.Unauthorized, refused.Code);
        Assert.StartsWith($"pbm: {node.Endpoint} refused the token (401", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGINT_stops_a_stream_and_exits_0()
    {
        await using var node = await FakeNode.StartAsync();
        using var process = Start(["--token", FakeNode.Token, node.Endpoint, "cluster", "tail"]);
        var stdout = new CapturingWriter();
        var pump = PumpAsync(process.StandardOutput, stdout);
        var stderr = process.StandardError.ReadToEndAsync();

        await stdout.WaitForLineAsync("event 3").WaitAsync(Patience);
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(Patience);
        await pump;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Equal("event 1\nevent 2\nevent 3\n", stdout.Text);
        await node.TailHungUp.WaitAsync(Patience);
    }

    private static Process Start(string[] args, params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(PbmDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PBM_TOKEN");
        start.Environment.Remove("SECRET_KEY_BASE");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string[] args, params (string Key, string Value)[] environment)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        return (process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
    }

    private static async Task PumpAsync(StreamReader reader, CapturingWriter writer)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            writer.Write(line + "\n");
        }
    }
}
