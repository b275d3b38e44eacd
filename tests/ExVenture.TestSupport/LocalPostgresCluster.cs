using System.Diagnostics;
using Npgsql;

namespace ExVenture.TestSupport;

/// <summary>
/// A PostgreSQL cluster made by <c>initdb</c> in a temporary folder and run by <c>pg_ctl</c>. As root, both run as the
/// <c>postgres</c> user (initdb refuses root) through <c>runuser</c>, on a folder handed to that user.
/// </summary>
internal sealed class LocalPostgresCluster
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string SystemUser = "postgres";
    private const string Superuser = "postgres";
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binaries;
    private readonly string _baseDirectory;
    private readonly bool _asSystemUser;
    private int _stopped;

    private readonly bool _durable;

    private LocalPostgresCluster(string binaries, string baseDirectory, bool asSystemUser, bool durable)
    {
        _durable = durable;
        _binaries = binaries;
        _baseDirectory = baseDirectory;
        _asSystemUser = asSystemUser;
    }

    public string AdminConnectionString { get; private set; } = "";

    private string DataDirectory => Path.Combine(_baseDirectory, "data");

    private string SocketDirectory => Path.Combine(_baseDirectory, "sockets");

    private string LogFile => Path.Combine(_baseDirectory, "postgres.log");

    /// <param name="durable">Keep fsync and synchronous commit on, as in production (benchmarks); tests turn them off.</param>
    public static async Task<LocalPostgresCluster> StartAsync(bool durable = false)
    {
        var cluster = new LocalPostgresCluster(
            FindBinaries(),
            Path.Combine(Path.GetTempPath(), $"exventure-pg-{Guid.NewGuid():N}"),
            Environment.UserName == "root",
            durable);
        try
        {
            await cluster.InitializeAsync().ConfigureAwait(false);
            await cluster.LaunchAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>: it is throwaway) and deletes its folder. Idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            // Synchronous: this also runs from AppDomain.ProcessExit.
            TryRunAsync(Tool("pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30"], _asSystemUser).GetAwaiter().GetResult();
        }

        try
        {
            Directory.Delete(_baseDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the watchdog, or the temp folder's cleaning.
        }
    }

    private static string FindBinaries()
    {
        var candidates = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Select(version => (Version: int.TryParse(Path.GetFileName(version), out var number) ? number : -1, Bin: Path.Combine(version, "bin")))
                .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Bin)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries (initdb, pg_ctl) under {BinariesRoot}/*/bin. "
            + $"Install postgresql: apt-get install -y postgresql; or set {PostgresServer.ConnectionStringVariable} to the connection string of a server to use.");
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(SocketDirectory);
        if (_asSystemUser)
        {
            await RunAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", _baseDirectory], asSystemUser: false).ConfigureAwait(false);
        }

        await RunAsync(Tool("initdb"), ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]).ConfigureAwait(false);
    }

    private async Task LaunchAsync()
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var durability = _durable ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off ";
            var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {SocketDirectory} {durability}-c max_connections=300";
            var (exitCode, output) = await TryRunAsync(
                Tool("pg_ctl"), ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options], asSystemUser: _asSystemUser).ConfigureAwait(false);
            if (exitCode == 0)
            {
                AdminConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = Superuser,
                    Database = "postgres",
                    MaxPoolSize = 50,
                }.ConnectionString;
                StartWatchdog();
                await WaitUntilAcceptingConnectionsAsync().ConfigureAwait(false);
                return;
            }

            var log = ReadLog();
            if (attempt == attempts || !log.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"pg_ctl start failed (exit {exitCode}): {output}{Environment.NewLine}{log}");
            }
        }
    }

    /// <summary>
    /// A detached shell that outlives this process: once the process is gone (even killed), it stops the server and deletes
    /// the folder. The shell's own polling is its only way to notice another process's end.
    /// </summary>
    private void StartWatchdog()
    {
        var stop = string.Join(' ', (_asSystemUser ? ["runuser", "-u", SystemUser, "--"] : Array.Empty<string>())
            .Concat([Tool("pg_ctl"), "stop", "-D", DataDirectory, "-m", "immediate", "-w"])
            .Select(Quote));
        var script = $"""
            exec </dev/null >/dev/null 2>&1
            while kill -0 {Environment.ProcessId}; do sleep 0.5; done
            if [ -f {Quote(Path.Combine(DataDirectory, "postmaster.pid"))} ]; then {stop}; fi
            rm -rf {Quote(_baseDirectory)}
            """;
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in new[] { "sh", "-c", script })
        {
            info.ArgumentList.Add(argument);
        }

        using var watchdog = Process.Start(info) ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog.");
    }

    private static string Quote(string argument) => $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private async Task WaitUntilAcceptingConnectionsAsync()
    {
        var probe = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync().ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < ReadinessTimeout)
            {
                // Polling a starting server: pg_ctl -w already waited, so this rarely loops.
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";
        }
        catch (IOException ex)
        {
            return $"(server log unreadable: {ex.Message})";
        }
    }

    private string Tool(string name) => Path.Combine(_binaries, name);

    private async Task RunAsync(string file, IReadOnlyList<string> arguments, bool? asSystemUser = null)
    {
        var (exitCode, output) = await TryRunAsync(file, arguments, asSystemUser ?? _asSystemUser).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed (exit {exitCode}): {output}");
        }
    }

    private async Task<(int ExitCode, string Output)> TryRunAsync(string file, IReadOnlyList<string> arguments, bool asSystemUser)
    {
        using var process = Start(file, arguments, asSystemUser);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, $"{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}".Trim());
    }

    private Process Start(string file, IReadOnlyList<string> arguments, bool asSystemUser)
    {
        var info = new ProcessStartInfo(asSystemUser ? "runuser" : file)
        {
            WorkingDirectory = Directory.Exists(_baseDirectory) ? _baseDirectory : Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        IEnumerable<string> fullArguments = asSystemUser ? ["-u", SystemUser, "--", file, .. arguments] : arguments;
        foreach (var argument in fullArguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
    }
}
