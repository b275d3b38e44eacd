using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExVenture.Actors.ClusterFormation;

/// <summary>Where and how <see cref="FlyDnsSeeds"/> asks.</summary>
/// <param name="AppDomain"><c>&lt;app&gt;.internal</c>: its AAAA records are every started machine's 6PN address,
/// <c>vms.&lt;app&gt;.internal</c> TXT names each machine's region.</param>
/// <param name="Self">This machine's 6PN address (<c>FLY_PRIVATE_IP</c>): left out of the seeds, and compared with the others.</param>
/// <param name="PeerPort">The remoting port of the other machines (on Fly the same <c>CLUSTER_PORT</c> everywhere).</param>
/// <param name="SelfSeed">This node's own host:port, put first when it is the lowest address (see <see cref="FlyDnsSeeds"/>).</param>
public sealed record FlyDnsOptions(string AppDomain, IPAddress Self, int PeerPort, string SelfSeed)
{
    /// <summary>Pause between two questions (after a DNS failure, or while this machine is the only one in the answer).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many answers in a row must name no other machine before this node starts a cluster of its own.</summary>
    public int AloneAnswers { get; init; } = 5;
}

/// <summary>One machine of the app, as the private DNS describes it.</summary>
public sealed record FlyPeer(IPAddress Address, string? Region)
{
    public override string ToString() => Region is null ? $"[{Address}]" : $"[{Address}] ({Region})";
}

/// <summary>
/// Seeds from Fly's private DNS: <c>&lt;app&gt;.internal</c> AAAA (every started machine) and <c>vms.&lt;app&gt;.internal</c>
/// TXT plus <c>&lt;region&gt;.&lt;app&gt;.internal</c> AAAA (which machine runs where, for the log).
/// <para>
/// The formation rule, the same on every node so that they all converge on one cluster: the machines are ordered by
/// address (bytes, lowest first). Every node gets the other machines as seeds, lowest first. The node whose own
/// address is the lowest puts itself first: Akka then asks every other seed to let it in and starts a new cluster
/// only if none of them is a member (all answer "not a member" or none answers within <c>seed-node-timeout</c>).
/// Every other node never starts a cluster: it keeps asking its seeds until one lets it in. So at first formation
/// exactly one node can start the cluster, and a lowest node that restarts later joins the running cluster.
/// </para>
/// <para>
/// The split-brain risk is a partial DNS view (a machine appears only once it has started): a node that sees no other
/// machine would start a cluster of its own while another node, seeing it, started one too. So a node that is alone in
/// the answer asks again (<see cref="FlyDnsOptions.AloneAnswers"/> times, <see cref="FlyDnsOptions.RetryDelay"/> apart,
/// about ten seconds) before it starts a cluster of its own; machines started together see each other by then.
/// A DNS failure is logged and asked again, for as long as it takes: the node does not serve until it has joined.
/// </para>
/// </summary>
public sealed class FlyDnsSeeds(FlyDnsOptions options, IDnsLookup dns, ILogger? logger = null, Func<TimeSpan, CancellationToken, Task>? delay = null) : ISeedDiscovery
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public string VmsName => "vms." + options.AppDomain;

    public async Task<IReadOnlyList<string>> FindSeedsAsync(CancellationToken cancellationToken)
    {
        var alone = 0;
        for (var attempt = 1; ; attempt++)
        {
            IReadOnlyList<FlyPeer> others;
            try
            {
                others = await OtherMachinesAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _log.LogWarning(
                    "Cluster discovery: cannot resolve {Name} via {Server} (attempt {Attempt}): {Problem}; asking again in {Delay:F0} s. This node does not serve until it has joined.",
                    options.AppDomain, dns.Server, attempt, e.Message, options.RetryDelay.TotalSeconds);
                await _delay(options.RetryDelay, cancellationToken);
                continue;
            }

            if (others.Count == 0 && ++alone < options.AloneAnswers)
            {
                _log.LogInformation(
                    "Cluster discovery: {Name} names no machine but this one ([{Self}]), answer {Alone} of {Needed}; asking again in {Delay:F0} s before starting a cluster of its own.",
                    options.AppDomain, options.Self, alone, options.AloneAnswers, options.RetryDelay.TotalSeconds);
                await _delay(options.RetryDelay, cancellationToken);
                continue;
            }

            var seeds = SeedsFor(options.Self, options.SelfSeed, others.Select(p => p.Address), options.PeerPort);
            _log.LogInformation(
                "Cluster discovery: {Name} via {Server}: this machine [{Self}], others [{Others}]; {Decision}",
                options.AppDomain,
                dns.Server,
                options.Self,
                string.Join(", ", others),
                seeds.Count == 0 ? "starting a cluster of its own"
                : seeds[0] == options.SelfSeed ? $"lowest address: joining any of [{string.Join(", ", seeds.Skip(1))}] that is a member, else starting the cluster"
                : $"joining [{string.Join(", ", seeds)}]");
            return seeds;
        }
    }

    /// <summary>One round of questions: every machine but this one, lowest address first, with its region when known.
    /// An unreachable or failing name server throws; a failure of the region questions only loses the regions.</summary>
    public async Task<IReadOnlyList<FlyPeer>> OtherMachinesAsync(CancellationToken cancellationToken)
    {
        var addresses = (await dns.AaaaAsync(options.AppDomain, cancellationToken))
            .Select(Normalize)
            .Where(a => !a.Equals(Normalize(options.Self)))
            .Distinct()
            .Order(AddressOrder.Instance)
            .ToList();
        if (addresses.Count == 0)
        {
            return [];
        }

        var regions = new Dictionary<IPAddress, string>();
        try
        {
            var machines = ParseVms(await dns.TxtAsync(VmsName, cancellationToken));
            foreach (var region in machines.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                foreach (var address in await dns.AaaaAsync($"{region}.{options.AppDomain}", cancellationToken))
                {
                    regions[Normalize(address)] = region;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.LogDebug("Cluster discovery: regions of the machines unknown ({Problem})", e.Message);
        }

        return addresses.Select(a => new FlyPeer(a, regions.GetValueOrDefault(a))).ToList();
    }

    /// <summary>
    /// The formation rule (see the class): the others as <c>[address]:port</c>, lowest first, and this node's own seed
    /// before them when its address is lower than every other. No others: empty (a cluster of its own).
    /// </summary>
    public static IReadOnlyList<string> SeedsFor(IPAddress self, string selfSeed, IEnumerable<IPAddress> others, int port)
    {
        var ordered = others.Select(Normalize).Where(a => !a.Equals(Normalize(self))).Distinct().Order(AddressOrder.Instance).ToList();
        if (ordered.Count == 0)
        {
            return [];
        }

        var seeds = ordered.Select(a => Seed(a, port)).ToList();
        if (AddressOrder.Instance.Compare(Normalize(self), ordered[0]) < 0)
        {
            seeds.Insert(0, selfSeed);
        }

        return seeds;
    }

    /// <summary><c>[address]:port</c> for IPv6, <c>address:port</c> for IPv4.</summary>
    public static string Seed(IPAddress address, int port) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{address}]:{port.ToString(CultureInfo.InvariantCulture)}"
        : $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// <c>vms.&lt;app&gt;.internal</c> TXT: comma-separated <c>&lt;machine id&gt; &lt;region&gt;</c> entries (possibly split over
    /// several strings or records) to machine id → region. Malformed entries are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseVms(IEnumerable<string> records)
    {
        var machines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in records.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2)
            {
                machines[parts[0]] = parts[1].ToLowerInvariant();
            }
        }

        return machines;
    }

    private static IPAddress Normalize(IPAddress address)
    {
        var v6 = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        return new IPAddress(v6.GetAddressBytes()); // drops a scope id
    }

    private sealed class AddressOrder : IComparer<IPAddress>
    {
        public static AddressOrder Instance { get; } = new();

        public int Compare(IPAddress? x, IPAddress? y)
        {
            var a = x!.GetAddressBytes();
            var b = y!.GetAddressBytes();
            return a.AsSpan().SequenceCompareTo(b);
        }
    }
}
