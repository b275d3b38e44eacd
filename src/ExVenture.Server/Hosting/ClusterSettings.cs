using System.Globalization;
using ExVenture.Actors.Hosting;
using ExVenture.Server.Configuration;

namespace ExVenture.Server.Hosting;

/// <summary>
/// Cluster formation from the environment: <c>CLUSTER_HOST</c> (default 127.0.0.1), <c>CLUSTER_PORT</c> (default 0:
/// any free port, fine for a node that forms a cluster of its own), <c>CLUSTER_SEEDS</c> (comma-separated host:port;
/// empty: this node joins itself), <c>CLUSTER_ROLES</c> (comma-separated) and <c>CLUSTER_BIND_HOST</c> (the local
/// address remoting listens on, when it differs from CLUSTER_HOST, e.g. 0.0.0.0 in a container); and the region:
/// <c>FLY_REGION</c> (set by Fly) else <c>REGION</c> else <c>PRIMARY_REGION</c> else "local", with <c>PRIMARY_REGION</c>
/// (default: this node's region) naming the region of the primary database. The region joins the roles.
/// </summary>
public static class ClusterSettings
{
    public static ClusterNodeOptions Load(IConfiguration configuration)
    {
        var errors = new List<ConfigurationError>();
        var host = configuration["CLUSTER_HOST"] is { Length: > 0 } h ? h.Trim() : "127.0.0.1";
        var port = 0;
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

        var primary = Value(configuration, "PRIMARY_REGION");
        var region = Value(configuration, "FLY_REGION") ?? Value(configuration, "REGION") ?? primary ?? Regions.Local;
        primary ??= region;
        foreach (var (name, value) in new[] { ("REGION", region), ("PRIMARY_REGION", primary) }.Where(r => !Regions.IsValid(r.Item2)))
        {
            errors.Add(new ConfigurationError(name, $"'{value}' is not a region code (2-16 lower-case letters, digits and inner dashes, e.g. iad)"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException("cluster", errors);
        }

        var bind = configuration["CLUSTER_BIND_HOST"] is { Length: > 0 } b ? b.Trim() : null;
        var roles = List(configuration["CLUSTER_ROLES"]).Where(r => Regions.FromRoles([r]) is null).Append(Regions.Role(region)).ToList();
        return new ClusterNodeOptions(host, port, seeds, roles, bind, region, primary);
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
