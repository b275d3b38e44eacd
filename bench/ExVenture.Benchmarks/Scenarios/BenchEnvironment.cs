using System.Globalization;
using System.Text;
using ExVenture.Bots;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;

namespace ExVenture.Benchmarks.Scenarios;

/// <summary>
/// What every end-to-end scenario stands on: one durable PostgreSQL for the whole run (fsync and synchronous commit
/// on: an acknowledged write is on disk, as in production), fresh migrated databases, real server processes
/// started from the Release binary exactly as in the tests and the container, and a log of figures that is printed
/// at the end and written to artifacts/bench.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string SecretKeyBase = "benchmark-secret-key-base-0123456789-abcdefghijklmnopqrstuvwxyz";

    private readonly PostgresServer _postgres;
    private readonly TempDirectory _folder = new("exventure-bench");
    private readonly List<ServerProcess> _servers = [];
    private readonly List<Figure> _figures = [];
    private readonly string _resultsDirectory;
    private readonly Lazy<string> _spreadWorld;

    private BenchEnvironment(PostgresServer postgres, string adminConnectionString)
    {
        _postgres = postgres;
        AdminConnectionString = adminConnectionString;
        _resultsDirectory = Path.Combine(RepositoryPaths.Root, "artifacts", "bench");
        Directory.CreateDirectory(_resultsDirectory);
        Stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        _spreadWorld = new Lazy<string>(() => BenchWorld.Write(Directory.CreateDirectory(Path.Combine(_folder.Path, "world")).FullName));
    }

    public string AdminConnectionString { get; }

    /// <summary>WORLD_DIR for runs where players spread out: the sample world plus the grid of <see cref="BenchWorld"/>.</summary>
    public IReadOnlyDictionary<string, string?> SpreadWorld => new Dictionary<string, string?> { ["WORLD_DIR"] = _spreadWorld.Value };

    /// <summary>Names this run's result files.</summary>
    public string Stamp { get; }

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>Starts the durable PostgreSQL (or uses EXVENTURE_BENCH_POSTGRES) and points the test support's
    /// shared server at it, so that clusters and journal benchmarks use the same durable server.</summary>
    public static async Task<BenchEnvironment> StartAsync()
    {
        var postgres = PostgresServer.Durable();
        var admin = await postgres.GetAdminConnectionStringAsync();
        Environment.SetEnvironmentVariable(PostgresServer.ConnectionStringVariable, admin);
        Console.WriteLine($"PostgreSQL (durable): {new Npgsql.NpgsqlConnectionStringBuilder(admin) { Password = null }.ConnectionString}");
        return new BenchEnvironment(postgres, admin);
    }

    /// <summary>Where a benchmark node differs from production: no per-socket rate limit for closed-loop bots, and
    /// many characters per account so thousands of bots cost few password hashes.</summary>
    public static IReadOnlyDictionary<string, string?> NodeTuning { get; } =
        new Dictionary<string, string?> { ["COMMANDS_PER_SECOND"] = "0", ["CHARACTER_LIMIT"] = "1000" };

    /// <summary>The environment of a production node on a fresh, migrated database, with <see cref="NodeTuning"/>,
    /// warnings-only logs and <paramref name="extra"/>.</summary>
    public async Task<Dictionary<string, string?>> NodeEnvironmentAsync(string name, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync(name);
        var variables = new Dictionary<string, string?>(NodeTuning);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        return await ProductionEnvironment.MigratedAsync(database, SecretKeyBase, _folder.Path, "Warning", variables);
    }

    /// <summary>One node on a fresh database.</summary>
    public async Task<ServerProcess> StartNodeAsync(string name, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var server = await ServerProcess.StartAsync(name, await NodeEnvironmentAsync(name, extra), _folder.Path);
        _servers.Add(server);
        return server;
    }

    public async Task StopNodeAsync(ServerProcess server)
    {
        _servers.Remove(server);
        await server.DisposeAsync();
    }

    /// <summary>Options for the bot swarm against <paramref name="servers"/>, sampling their processes.</summary>
    public static BotOptions Bots(IEnumerable<ServerProcess> servers, params string[] args) =>
        Bots(servers.Select(s => (s.BaseUri, s.ProcessId)), args);

    /// <summary>Options for the bot swarm against nodes given by address and process id, sampling those processes.</summary>
    public static BotOptions Bots(IEnumerable<(Uri BaseUri, int ProcessId)> nodes, params string[] args)
    {
        var list = nodes.ToList();
        return BotOptions.Parse([
            "--url", string.Join(',', list.Select(n => n.BaseUri.ToString())),
            "--pid", string.Join(',', list.Select(n => n.ProcessId.ToString(CultureInfo.InvariantCulture))),
            "--characters-per-account", "1000",
            .. args]);
    }

    /// <summary>Records a figure: what was measured, against which target, with the command that reproduces it.</summary>
    public void Report(string benchmark, string figure, string target, bool? met, string command, SwarmReport? details = null)
    {
        var entry = new Figure(benchmark, figure, target, met, command);
        _figures.Add(entry);
        Console.WriteLine();
        Console.WriteLine($"== {benchmark}: {figure}   (target: {target}{(met is null ? "" : met.Value ? ", met" : ", NOT met")})");
        if (details is not null)
        {
            Console.WriteLine(details);
            File.WriteAllText(Path.Combine(_resultsDirectory, $"{Stamp}-{Slug(benchmark)}.json"), details.ToJson());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_figures.Count > 0)
        {
            var summary = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# Benchmark run {Stamp}")
                .AppendLine()
                .AppendLine(Swarm.Machine)
                .AppendLine()
                .AppendLine("| Benchmark | Figure | Target | Met | Command |")
                .AppendLine("|---|---|---|---|---|");
            foreach (var f in _figures)
            {
                summary.AppendLine(CultureInfo.InvariantCulture, $"| {f.Benchmark} | {f.Value} | {f.Target} | {(f.Met is null ? "" : f.Met.Value ? "yes" : "no")} | `{f.Command}` |");
            }

            var path = Path.Combine(_resultsDirectory, $"{Stamp}.md");
            await File.WriteAllTextAsync(path, summary.ToString());
            Console.WriteLine();
            Console.WriteLine(summary);
            Console.WriteLine($"Written to {path}");
        }

        _folder.Dispose();
        _postgres.Stop();
    }

    private static string Slug(string text) => string.Concat(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}

/// <summary>One measured figure of a run.</summary>
public sealed record Figure(string Benchmark, string Value, string Target, bool? Met, string Command);
