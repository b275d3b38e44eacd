using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExVenture.Actors.ClusterFormation;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Sharding;
using ExVenture.Actors.Wan;
using ExVenture.Server.Configuration;

namespace ExVenture.Server.Hosting;

/// <summary>
/// Cluster formation from the environment: <c>CLUSTER_HOST</c> (default 127.0.0.1), <c>CLUSTER_PORT</c> (default 0:
/// any free port, fine for a node that forms a cluster of its own), <c>CLUSTER_SEEDS</c> (comma-separated host:port;
/// empty: this node joins itself), <c>CLUSTER_ROLES</c> (comma-separated) and <c>CLUSTER_BIND_HOST</c> (the local
/// address remoting listens on, when it differs from CLUSTER_HOST, e.g. 0.0.0.0 in a container); and the region:
/// <c>FLY_REGION</c> (set by Fly) else <c>REGION</c> else <c>PRIMARY_REGION</c> else "local", with <c>PRIMARY_REGION</c>
/// (default: this node's region) naming the region of the primary database. The region joins the roles.
/// <para>
/// Discovery: <c>CLUSTER_DISCOVERY</c> = <c>static</c> (the seeds of CLUSTER_SEEDS) or <c>fly-dns</c> (Fly's private DNS,
/// <c>&lt;FLY_APP_NAME&gt;.internal</c>, see <see cref="FlyDnsSeeds"/>); default fly-dns when <c>FLY_APP_NAME</c> is set and
/// CLUSTER_SEEDS is empty, else static. <c>FLY_PRIVATE_IP</c> (set by Fly) is this machine's address: the default
/// CLUSTER_HOST, and "self" in the DNS answers. On Fly CLUSTER_PORT defaults to <see cref="FlyClusterPort"/>.
/// <c>DNS_SERVER</c> (ip or ip:port, [ipv6]:port) is the name server to ask (default on Fly fdaa::3 port 53, else the
/// machine's resolvers); <c>CLUSTER_PEER_PORT</c> the other machines' remoting port (default CLUSTER_PORT; differs only
/// when several nodes share one address, as in tests).
/// </para>
/// <para>
/// <c>REGION_DISTANCES</c> (optional): how far regions are apart, for placing rooms whose home region has no node,
/// e.g. <c>iad-lhr=80,iad-nrt=145,lhr-nrt=210</c> (milliseconds of round trip, whole numbers; codes that contain dashes
/// are written <c>from:to</c>). <c>WAN_EMULATION</c> (optional, for tests and benchmarks only): one-way delays of the
/// remoting connections this node opens, e.g. <c>127.0.0.1:4101=40,[::1]:4102=72.5</c> (see docs/wan-emulation.md).
/// </para>
/// </summary>
public static class ClusterSettings
{
    /// <summary>The remoting port of every machine on Fly unless CLUSTER_PORT says otherwise.</summary>
    public const int FlyClusterPort = 4053;

    /// <summary>Fly's private DNS resolver.</summary>
    public static readonly IPEndPoint FlyDnsServer = new(IPAddress.Parse("fdaa::3"), 53);

    public static ClusterNodeOptions Load(IConfiguration configuration) => Load(configuration, out _);

    public static ClusterNodeOptions Load(IConfiguration configuration, out ClusterDiscoverySettings discovery)
    {
        var errors = new List<ConfigurationError>();
        var flyApp = configuration["FLY_APP_NAME"] is { Length: > 0 } app ? app.Trim() : null;
        IPAddress? privateIp = null;
        if (configuration["FLY_PRIVATE_IP"] is { Length: > 0 } ip && !IPAddress.TryParse(ip.Trim(), out privateIp))
        {
            errors.Add(new ConfigurationError("FLY_PRIVATE_IP", $"'{ip}' is not an IP address"));
        }

        var host = configuration["CLUSTER_HOST"] is { Length: > 0 } h ? h.Trim() : privateIp?.ToString() ?? "127.0.0.1";
        var port = flyApp is null ? 0 : FlyClusterPort;
        if (configuration["CLUSTER_PORT"] is { Length: > 0 } p
            && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            errors.Add(new ConfigurationError("CLUSTER_PORT", $"'{p}' is not a port number (0..65535)"));
        }

        var seeds = List(configuration["CLUSTER_SEEDS"]);
        foreach (var seed in seeds.Where(s => !IsHostAndPort(s)))
        {
            errors.Add(new ConfigurationError("CLUSTER_SEEDS", $"'{seed}' is not host:port"));
        }

        var mode = ClusterDiscoveryMode.Static;
        switch (Value(configuration, "CLUSTER_DISCOVERY"))
        {
            case null:
                mode = flyApp is not null && seeds.Count == 0 ? ClusterDiscoveryMode.FlyDns : ClusterDiscoveryMode.Static;
                break;
            case "static":
                break;
            case "fly-dns":
                mode = ClusterDiscoveryMode.FlyDns;
                break;
            case var other:
                errors.Add(new ConfigurationError("CLUSTER_DISCOVERY", $"'{other}' is not static or fly-dns"));
                break;
        }

        IPEndPoint? dnsServer = null;
        if (configuration["DNS_SERVER"] is { Length: > 0 } d)
        {
            dnsServer = ParseEndPoint(d.Trim(), 53);
            if (dnsServer is null)
            {
                errors.Add(new ConfigurationError("DNS_SERVER", $"'{d}' is not ip, ip:port or [ipv6]:port"));
            }
        }
        else if (flyApp is not null)
        {
            dnsServer = FlyDnsServer;
        }

        var peerPort = port;
        if (configuration["CLUSTER_PEER_PORT"] is { Length: > 0 } pp
            && (!int.TryParse(pp, NumberStyles.None, CultureInfo.InvariantCulture, out peerPort) || peerPort is 0 or > 65535))
        {
            errors.Add(new ConfigurationError("CLUSTER_PEER_PORT", $"'{pp}' is not a port number (1..65535)"));
        }

        var self = privateIp ?? (IPAddress.TryParse(host, out var hostIp) ? hostIp : null);
        if (mode == ClusterDiscoveryMode.FlyDns)
        {
            if (flyApp is null)
            {
                errors.Add(new ConfigurationError("FLY_APP_NAME", "fly-dns discovery asks <FLY_APP_NAME>.internal: set FLY_APP_NAME (Fly sets it)"));
            }

            if (self is null)
            {
                errors.Add(new ConfigurationError("FLY_PRIVATE_IP", "fly-dns discovery needs this machine's address: set FLY_PRIVATE_IP (Fly sets it) or an IP address as CLUSTER_HOST"));
            }

            if (port == 0)
            {
                errors.Add(new ConfigurationError("CLUSTER_PORT", "fly-dns discovery needs a fixed port, the same on every machine (not 0)"));
            }
        }

        var primary = Value(configuration, "PRIMARY_REGION");
        var region = Value(configuration, "FLY_REGION") ?? Value(configuration, "REGION") ?? primary ?? Regions.Local;
        primary ??= region;
        foreach (var (name, value) in new[] { ("REGION", region), ("PRIMARY_REGION", primary) }.Where(r => !Regions.IsValid(r.Item2)))
        {
            errors.Add(new ConfigurationError(name, $"'{value}' is not a region code (2-16 lower-case letters, digits and inner dashes, e.g. iad)"));
        }

        var distances = RegionDistancesFrom(configuration["REGION_DISTANCES"], errors);
        IReadOnlyDictionary<string, TimeSpan>? wanDelays = null;
        if (configuration["WAN_EMULATION"] is { Length: > 0 } wan)
        {
            try
            {
                wanDelays = WanEmulation.Parse(wan);
            }
            catch (FormatException e)
            {
                errors.Add(new ConfigurationError("WAN_EMULATION", e.Message + " (expected host:port=milliseconds, comma-separated)"));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("cluster", errors);
        }

        var bind = configuration["CLUSTER_BIND_HOST"] is { Length: > 0 } b ? b.Trim() : null;
        var roles = List(configuration["CLUSTER_ROLES"]).Where(r => Regions.FromRoles([r]) is null).Append(Regions.Role(region)).ToList();
        discovery = new ClusterDiscoverySettings(mode, flyApp is null ? null : flyApp + ".internal", self, peerPort, dnsServer);

        // With DNS discovery the seeds come from the DNS only.
        return new ClusterNodeOptions(host, port, mode == ClusterDiscoveryMode.FlyDns ? [] : seeds, roles, bind, region, primary)
        {
            WanOneWayDelays = wanDelays is { Count: > 0 } ? wanDelays : null,
            RegionDistances = distances,
        };
    }

    /// <summary>
    /// <c>from-to=distance</c>, comma-separated: region codes as <see cref="Regions.IsValid"/> takes them, a whole
    /// non-negative distance. Region codes may themselves contain dashes, so a pair splits at the one dash that leaves a
    /// valid code on both sides; when several would, the pair must be written <c>from:to</c>. Null when unset or wrong
    /// (the problems join <paramref name="errors"/>).
    /// </summary>
    private static RegionDistances? RegionDistancesFrom(string? value, List<ConfigurationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        const string Variable = "REGION_DISTANCES";
        var distances = new Dictionary<(string, string), int>();
        var count = errors.Count;
        foreach (var entry in List(value))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                errors.Add(new ConfigurationError(Variable, $"'{entry}' is not from-to=distance (e.g. iad-lhr=80)"));
                continue;
            }

            var pair = entry[..equals].Trim().ToLowerInvariant();
            var splits = pair.Contains(':', StringComparison.Ordinal)
                ? [(pair[..pair.IndexOf(':', StringComparison.Ordinal)], pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..])]
                : Enumerable.Range(1, Math.Max(0, pair.Length - 1)).Where(i => pair[i] == '-').Select(i => (pair[..i], pair[(i + 1)..])).ToList();
            var valid = splits.Where(s => Regions.IsValid(s.Item1) && Regions.IsValid(s.Item2)).ToList();
            if (valid.Count != 1)
            {
                errors.Add(new ConfigurationError(Variable, valid.Count == 0
                    ? $"'{entry}': '{pair}' is not two region codes joined by a dash (e.g. iad-lhr)"
                    : $"'{entry}': '{pair}' could split into more than one pair of region codes; write it from:to"));
                continue;
            }

            var (from, to) = valid[0];
            if (from == to)
            {
                errors.Add(new ConfigurationError(Variable, $"'{entry}': a region is 0 from itself"));
                continue;
            }

            var distanceText = entry[(equals + 1)..].Trim();
            if (!int.TryParse(distanceText, NumberStyles.None, CultureInfo.InvariantCulture, out var distance) || distance >= RegionDistances.Unlisted)
            {
                errors.Add(new ConfigurationError(Variable, $"'{entry}': '{distanceText}' is not a whole distance (0 to {RegionDistances.Unlisted - 1})"));
                continue;
            }

            var key = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
            if (!distances.TryAdd(key, distance))
            {
                errors.Add(new ConfigurationError(Variable, $"'{entry}': {key.Item1}-{key.Item2} is listed twice"));
            }
        }

        return errors.Count > count ? null : new RegionDistances(distances.Select(d => (d.Key.Item1, d.Key.Item2, d.Value)));
    }

    /// <summary>ip, ip:port or [ipv6]:port; null when it is none of them.</summary>
    private static IPEndPoint? ParseEndPoint(string value, int defaultPort)
    {
        // IPEndPoint takes "ip", "ip:port" and "[ipv6]:port" (IPAddress would take "[ipv6]:port" and drop the port).
        if (!IPEndPoint.TryParse(value, out var endPoint))
        {
            return null;
        }

        return endPoint.Port == 0 && !value.EndsWith(":0", StringComparison.Ordinal) ? new IPEndPoint(endPoint.Address, defaultPort) : endPoint.Port > 0 ? endPoint : null;
    }

    private static string? Value(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value.Trim().ToLowerInvariant() : null;

    private static List<string> List(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool IsHostAndPort(string seed)
    {
        var colon = seed.LastIndexOf(':');
        return colon > 0
            && int.TryParse(seed[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535;
    }
}

public enum ClusterDiscoveryMode
{
    /// <summary>The seeds of CLUSTER_SEEDS.</summary>
    Static,

    /// <summary>Fly's private DNS (<see cref="FlyDnsSeeds"/>).</summary>
    FlyDns,
}

/// <summary>How a node finds its seeds (see <see cref="ClusterSettings"/>).</summary>
/// <param name="AppDomain"><c>&lt;FLY_APP_NAME&gt;.internal</c>, when on Fly.</param>
/// <param name="Self">This machine's address (FLY_PRIVATE_IP, else CLUSTER_HOST when it is an address).</param>
/// <param name="PeerPort">The other machines' remoting port.</param>
/// <param name="DnsServer">The name server to ask; null: the machine's resolvers.</param>
public sealed record ClusterDiscoverySettings(ClusterDiscoveryMode Mode, string? AppDomain, IPAddress? Self, int PeerPort, IPEndPoint? DnsServer)
{
    /// <summary>The discovery for <paramref name="cluster"/>; null for static seeds (the node's <see cref="ClusterNodeOptions.Seeds"/>).
    /// Builds no socket and asks nothing until the actor system starts.</summary>
    public ISeedDiscovery? Create(ClusterNodeOptions cluster, ILoggerFactory loggers) => Mode switch
    {
        ClusterDiscoveryMode.FlyDns => new FlyDnsSeeds(
            new FlyDnsOptions(AppDomain!, Self!, PeerPort, SelfSeed(cluster)),
            new DnsClientLookup(DnsServer),
            loggers.CreateLogger("ExVenture.ClusterFormation")),
        _ => null,
    };

    private static string SelfSeed(ClusterNodeOptions cluster) =>
        IPAddress.TryParse(cluster.Hostname, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? FlyDnsSeeds.Seed(address, cluster.Port)
            : $"{cluster.Hostname}:{cluster.Port.ToString(CultureInfo.InvariantCulture)}";
}
