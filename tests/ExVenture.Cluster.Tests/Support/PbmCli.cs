using System.Diagnostics;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>What one run of the <c>pbm</c> command printed, and how it ended.</summary>
public sealed record PbmRun(int ExitCode, string Output, string Error, TimeSpan Took)
{
    public override string ToString() => $"exit {ExitCode} after {Took.TotalSeconds:F1} s\n{Output}\n{Error}";
}

/// <summary>The real <c>pbm</c> client (pbm.dll, copied beside the tests), run as an operator runs it.</summary>
public static class PbmCli
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task<PbmRun> RunAsync(string? token, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pbm.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("SECRET_KEY_BASE");
        start.Environment.Remove("PBM_TOKEN");
        if (token is not null)
        {
            start.Environment["PBM_TOKEN"] = token;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(timeout.Token);
        return new PbmRun(process.ExitCode, await output, await error, clock.Elapsed);
    }
}
