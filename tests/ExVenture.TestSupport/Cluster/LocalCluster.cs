using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ExVenture.TestSupport.Game;

namespace ExVenture.TestSupport.Cluster;

/// <summary>What one node's <c>/healthz</c> said: its HTTP status and, when it answered with JSON, its member status and
/// how many Up members it sees.</summary>
public sealed record NodeHealth(string Node, int? StatusCode, string? Member, int? Members, string? Error)
{
    public override string ToString() => Error is not null
        ? $"{Node}: {Error}"
        : $"{Node}: {StatusCode} member={Member} members={Members?.ToString(CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>How a node went away: its exit code (null for a kill) and how long the harness waited for it.</summary>
public sealed record NodeExit(int? ExitCode, TimeSpan Took);

/// <summary>
/// A cluster of real server processes on loopback: one fresh PostgreSQL database (migrated once, the way a release
/// command does it), N nodes with their own HTTP and cluster ports, formed into one Akka.NET cluster through
/// <c>CLUSTER_SEEDS</c>. The first node of a fresh cluster seeds from itself; every later start seeds from the nodes
/// that are serving at that moment, so a restarted node 1 joins the survivors instead of forming a second cluster.
/// Every step is logged with the time since the cluster was created, so scenario timings can be quoted.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>When set to a folder, every node's full output is written there when the cluster is disposed (one file per node).</summary>
    public const string LogFolderVariable = "EXVENTURE_CLUSTER_LOGS";

    public const string SecretKeyBase = "cluster-test-secret-key-base-0123456789-abcdefghijklmnopqrstuvwxyz";

    /// <summary>Long enough for a SIGKILLed node to be downed (failure detection plus the resolver's 15 s) on a loaded machine.</summary>
    public static readonly TimeSpan DefaultConvergenceTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly TempDirectory _folder = new("exventure-cluster");
    private readonly Dictionary<string, string?> _environment;
    private readonly Dictionary<int, IReadOnlyDictionary<string, string?>> _nodeEnvironments = [];
    private readonly List<ClusterNode> _nodes = [];
    private readonly HashSet<int> _ports = [];
    private readonly Action<string> _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private LocalCluster(string name, Dictionary<string, string?> environment, Action<string> log)
    {
        Name = name;
        _environment = environment;
        _log = log;
    }

    /// <summary>The primary database every node uses unless its environment says otherwise.</summary>
    public string DatabaseUrl => _environment["DATABASE_URL"]!;

    /// <summary>The name given at creation (also the database's prefix).</summary>
    public string Name { get; }

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    /// <summary>The nodes players may be sent to now.</summary>
    public IReadOnlyList<ClusterNode> ServingNodes => _nodes.Where(n => n.IsServing).ToList();

    /// <summary>Node <paramref name="index"/>, 1-based.</summary>
    public ClusterNode this[int index] => _nodes[index - 1];

    /// <summary>
    /// A fresh database migrated with <c>migrate</c>, and a working folder; no node is started yet.
    /// <paramref name="environment"/> adds to (or, with null values, removes from) every node's environment.
    /// </summary>
    public static async Task<LocalCluster> CreateAsync(string name, Action<string>? log = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync(name);
        var variables = new Dictionary<string, string?>
        {
            ["CLUSTER_HOST"] = "127.0.0.1",

            // One line per entry, with the time: node logs are read side by side with the test's own timeline.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var cluster = new LocalCluster(name, [], log ?? (_ => { }));
        try
        {
            foreach (var (key, value) in await ProductionEnvironment.MigratedAsync(database, SecretKeyBase, cluster._folder.Path, "Information", variables))
            {
                cluster._environment[key] = value;
            }

            cluster.Log($"database {new Npgsql.NpgsqlConnectionStringBuilder(database).Database} migrated");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts nodes 1..<paramref name="count"/> (node 1 first, as the seed; the others together) and waits until
    /// every one sees <paramref name="count"/> Up members. Returns the time from the first start to that moment.</summary>
    public async Task<TimeSpan> StartAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Slot(count); // every slot exists before nodes 2..n start together
        var clock = Stopwatch.StartNew();
        await StartNodeAsync(1);
        await Task.WhenAll(Enumerable.Range(2, count - 1).Select(StartNodeAsync));
        await WaitForMembersAsync(count);
        Log($"cluster of {count} formed: every node sees {count} members {Seconds(clock.Elapsed)} after the first start");
        return clock.Elapsed;
    }

    /// <summary>
    /// Starts node <paramref name="index"/> (a new slot with fresh ports, or a stopped node again on its old ports) and
    /// waits until its <c>/healthz</c> says it is an Up member. Seeds: the nodes serving now; none: itself.
    /// Returns how long it took to be Up.
    /// </summary>
    public async Task<TimeSpan> StartNodeAsync(int index)
    {
        var node = Slot(index);
        if (node.State is NodeState.Starting or NodeState.Up or NodeState.Stopping)
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}.");
        }

        var seeds = ServingNodes.Where(n => n != node).Select(n => n.ClusterAddress).ToList();
        if (seeds.Count == 0)
        {
            seeds.Add(node.ClusterAddress);
        }

        var environment = new Dictionary<string, string?>(_environment)
        {
            ["CLUSTER_PORT"] = node.ClusterPort.ToString(CultureInfo.InvariantCulture),
            ["CLUSTER_SEEDS"] = string.Join(',', seeds),
            ["OPERATOR_PORT"] = node.OperatorPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in _nodeEnvironments.GetValueOrDefault(index) ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        await node.BeginIncarnationAsync();
        Log($"{node.Name} starting (start #{node.Incarnation}, http {node.HttpPort}, cluster {node.ClusterPort}, seeds {string.Join(',', seeds)})");
        var clock = Stopwatch.StartNew();
        try
        {
            node.Started(await ServerProcess.StartAsync(node.Name, environment, _folder.Path, node.HttpPort));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            node.StartFailed(e.Message);
            throw new Xunit.Sdk.XunitException($"{node.Name} did not become an Up member: {e.Message}\n\nOther nodes:\n{Logs(exceptNode: index)}");
        }

        Log($"{node.Name} is Up {Seconds(clock.Elapsed)} after its start");
        return clock.Elapsed;
    }

    /// <summary>SIGTERM, as a deployment stops a machine, and waits for the process to exit (a graceful leave).</summary>
    public async Task<NodeExit> StopNodeAsync(int index, TimeSpan? timeout = null)
    {
        var node = Running(index);
        node.State = NodeState.Stopping;
        Log($"{node.Name} SIGTERM");
        var clock = Stopwatch.StartNew();
        int code;
        try
        {
            code = await node.Process!.StopAsync(timeout ?? TimeSpan.FromSeconds(75));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{node.Name} did not exit within {Seconds(timeout ?? TimeSpan.FromSeconds(75))} of SIGTERM.\n{Logs()}");
        }

        node.State = NodeState.Stopped;
        Log($"{node.Name} exited with code {code} {Seconds(clock.Elapsed)} after SIGTERM");
        return new NodeExit(code, clock.Elapsed);
    }

    /// <summary>Waits for a node that was told to leave some other way (<c>pbm cluster leave</c>) to exit by itself.</summary>
    public async Task<NodeExit> WaitForExitAsync(int index, TimeSpan? timeout = null)
    {
        var node = Running(index);
        var clock = Stopwatch.StartNew();
        int code;
        try
        {
            code = await node.Process!.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(75));
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{node.Name} did not exit within {Seconds(timeout ?? TimeSpan.FromSeconds(75))}.\n{Logs()}");
        }

        node.State = NodeState.Stopped;
        Log($"{node.Name} exited by itself with code {code}");
        return new NodeExit(code, clock.Elapsed);
    }

    /// <summary>SIGKILL: the node dies at once, as in a crash; the others find out through their failure detectors.</summary>
    public async Task<NodeExit> KillNodeAsync(int index)
    {
        var node = Running(index);
        node.State = NodeState.Killed;
        var clock = Stopwatch.StartNew();
        await node.Process!.KillAsync();
        Log($"{node.Name} SIGKILLed");
        return new NodeExit(null, clock.Elapsed);
    }

    /// <summary>
    /// Polls <c>/healthz</c> on <paramref name="onNodes"/> (default: every serving node) until each answers 200 with
    /// <c>members</c> equal to <paramref name="expectedUp"/>. Returns how long that took. On timeout, fails with every
    /// node's last answer and output.
    /// </summary>
    public async Task<TimeSpan> WaitForMembersAsync(int expectedUp, IEnumerable<int>? onNodes = null, TimeSpan? within = null)
    {
        var nodes = (onNodes?.Select(i => this[i]) ?? ServingNodes).ToList();
        var limit = within ?? DefaultConvergenceTimeout;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<NodeHealth> last = [];
        while (true)
        {
            last = await Task.WhenAll(nodes.Select(HealthAsync));
            if (last.All(h => h.StatusCode == 200 && h.Members == expectedUp))
            {
                Log($"{string.Join(", ", nodes.Select(n => n.Name))} see {expectedUp} members ({Seconds(clock.Elapsed)} of waiting)");
                return clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Membership did not converge to {expectedUp} Up members within {Seconds(limit)}. Last answers:\n"
                    + string.Join('\n', last) + "\n\n" + Logs());
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>One <c>/healthz</c> answer from <paramref name="node"/>; a refused or silent node is an answer too.</summary>
    public async Task<NodeHealth> HealthAsync(ClusterNode node)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(node.BaseUri, "healthz"));
            var body = await response.Content.ReadAsStringAsync();
            string? member = null;
            int? members = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                using var json = JsonDocument.Parse(body);
                member = json.RootElement.TryGetProperty("member", out var m) ? m.GetString() : null;
                members = json.RootElement.TryGetProperty("members", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
            }

            return new NodeHealth(node.Name, (int)response.StatusCode, member, members, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new NodeHealth(node.Name, null, null, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Every node's output (the last <paramref name="tailLines"/> lines of each incarnation), for failure messages.</summary>
    public string Logs(int tailLines = 400, int? exceptNode = null)
    {
        var text = new StringBuilder();
        foreach (var node in _nodes.Where(n => n.Index != exceptNode))
        {
            text.Append(node.Output(tailLines));
        }

        return text.ToString();
    }

    /// <summary>A line in the test's timeline: seconds since the cluster was created, then the event.</summary>
    public void Log(string message) => _log($"[{_clock.Elapsed.TotalSeconds,7:F2}s] {message}");

    public static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s";

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node.Process is { } process)
            {
                await process.DisposeAsync();
            }
        }

        if (Environment.GetEnvironmentVariable(LogFolderVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var node in _nodes)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"{Name}-{node.Name}.log"), node.Output());
            }
        }

        _http.Dispose();
        _folder.Dispose();
    }

    /// <summary>
    /// Creates slots 1..<paramref name="count"/> without starting them, so their ports are known (a node's WAN emulation
    /// names the others' cluster addresses), and gives each the extra environment <paramref name="environmentOf"/>
    /// returns for it, used at every start of that node (its region, say).
    /// </summary>
    public IReadOnlyList<ClusterNode> Prepare(int count, Func<ClusterNode, IReadOnlyDictionary<string, string?>> environmentOf)
    {
        Slot(count);
        foreach (var node in _nodes.Take(count))
        {
            _nodeEnvironments[node.Index] = environmentOf(node);
        }

        return _nodes.Take(count).ToList();
    }

    private ClusterNode Slot(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        while (_nodes.Count < index)
        {
            _nodes.Add(new ClusterNode(_nodes.Count + 1, NewPort(), NewPort(), NewPort()));
        }

        return _nodes[index - 1];
    }

    private ClusterNode Running(int index)
    {
        var node = this[index];
        if (node.Process is null || node.State is not (NodeState.Up or NodeState.Starting))
        {
            throw new InvalidOperationException($"{node.Name} is {node.State}.");
        }

        return node;
    }

    private int NewPort()
    {
        while (true)
        {
            var port = FreePort.Next();
            if (_ports.Add(port))
            {
                return port;
            }
        }
    }
}
