using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ExVenture.TestSupport.Game;

/// <summary>
/// The real server binary (ExVenture.Server.dll, copied beside the tests) started as its own process on a free
/// port: the same start-up path as production. Output is captured for assertions and for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, int port, string name)
    {
        _process = process;
        Port = port;
        Name = name;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "ExVenture.Server.dll");

    public string Name { get; }

    public int Port { get; }

    public Uri BaseUri { get; }

    /// <summary>The operating system's id of the server process, for sampling its CPU and memory.</summary>
    public int ProcessId => _process.Id;

    public string Output => string.Join('\n', _output);

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts the server and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> environment, string workingDirectory, int? port = null)
    {
        var chosen = port ?? FreePort.Next();
        var server = new ServerProcess(Launch([], environment, workingDirectory, chosen), chosen, name);
        server.Attach();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>Runs the binary to completion (e.g. <c>migrate</c>, or a start that must fail) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string[] args, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var server = new ServerProcess(Launch(args, environment, workingDirectory, FreePort.Next()), 0, "run");
        server.Attach();
        var code = await server._exited.Task.WaitAsync(StartTimeout);
        server._process.WaitForExit();
        server._process.Dispose();
        return (code, server.Output);
    }

    /// <summary>SIGTERM, as Fly and Kubernetes stop a machine; waits for a graceful exit.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await _exited.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits for the process to end by itself (e.g. after <c>pbm cluster leave</c>); its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _exited.Task.WaitAsync(timeout);

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _exited.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static Process Launch(string[] args, IReadOnlyDictionary<string, string?> environment, string workingDirectory, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Many servers share this machine and would all want the operator port 9110: off unless a test asks for it.
        start.Environment["OPERATOR_PORT"] = "0";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private void Attach()
    {
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult(_process.ExitCode);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (_process.HasExited)
        {
            _exited.TrySetResult(_process.ExitCode);
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 5000 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"Server {Name} exited with {await _exited.Task} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(200));
        }

        throw new TimeoutException($"Server {Name} was not healthy within {StartTimeout}:\n{Output}");
    }
}
