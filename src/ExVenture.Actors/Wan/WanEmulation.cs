using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace ExVenture.Actors.Wan;

/// <summary>
/// WAN emulation for tests and benchmarks: Akka.Remote traffic to chosen nodes is held back by a one-way delay, so
/// a cluster on one machine (which has no netem) behaves as if its nodes were oceans apart. Off unless configured;
/// never meant for production, where the ocean is real.
/// <para>
/// Configuration is a list of <c>host:port=delay</c> entries naming a node by the address other nodes connect to
/// (its public hostname and remoting port, exactly as it appears in its Akka address; IPv6 hosts in brackets,
/// <c>[::1]:4053</c>). The delay applies to connections this node opens to that address, in both directions (see
/// <see cref="WanDelayTransport"/>): a node that lists a peer at <c>d</c> sees a round trip of <c>2d</c> to it.
/// </para>
/// </summary>
public static class WanEmulation
{
    /// <summary>The name the adapter is registered under in <c>akka.remote.adapters</c>.</summary>
    public const string AdapterName = "exventure-wan";

    /// <summary>HOCON path of the delay list: strings <c>"host:port=40ms"</c>.</summary>
    public const string DelaysPath = "exventure.wan-emulation.one-way-delays";

    /// <summary>
    /// HOCON that registers the delaying adapter on the DotNetty TCP transport and sets <paramref name="oneWayDelays"/>
    /// (keys <c>host:port</c>, as <see cref="Parse"/> returns them). Put it in front of (prepend it to) the rest of
    /// the configuration so its <c>applied-adapters</c> wins.
    /// </summary>
    public static Config Hocon(IReadOnlyDictionary<string, TimeSpan> oneWayDelays)
    {
        ArgumentNullException.ThrowIfNull(oneWayDelays);
        var text = new StringBuilder()
            .AppendLine("akka.remote {")
            // No space after the comma: Akka reads adapters back through HoconValue.ToString(), which quotes a
            // string with whitespace in it, and the quotes would become part of the type name.
            .AppendLine(CultureInfo.InvariantCulture, $"  adapters.{AdapterName} = \"{typeof(WanDelayAdapterProvider).FullName},{typeof(WanDelayAdapterProvider).Assembly.GetName().Name}\"")
            .AppendLine(CultureInfo.InvariantCulture, $"  dot-netty.tcp.applied-adapters = [{AdapterName}]")
            .AppendLine("}")
            .Append(CultureInfo.InvariantCulture, $"{DelaysPath} = [");
        var first = true;
        foreach (var (target, delay) in oneWayDelays.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            // Validated and normalized first, so nothing that would need escaping reaches the quoted string.
            var (key, _) = ParseEntry($"{target}={Milliseconds(delay)}");
            text.Append(first ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"\"{key}={Milliseconds(delay)}ms\"");
            first = false;
        }

        return ConfigurationFactory.ParseString(text.AppendLine("]").ToString());
    }

    /// <summary>
    /// Parses an environment variable value such as <c>127.0.0.1:4101=40,[::1]:4102=72.5</c>: comma-separated
    /// <c>host:port=milliseconds</c> (a trailing <c>ms</c> is allowed). Empty or blank: no delays.
    /// </summary>
    /// <exception cref="FormatException">An entry is malformed, negative, or names the same address twice; the
    /// message names the entry.</exception>
    public static IReadOnlyDictionary<string, TimeSpan> Parse(string? spec)
    {
        var delays = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var entry in (spec ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, delay) = ParseEntry(entry);
            if (!delays.TryAdd(key, delay))
            {
                throw new FormatException($"'{key}' is listed twice");
            }
        }

        return delays;
    }

    /// <summary>The delays of an actor system's configuration (<see cref="DelaysPath"/>); empty when absent.</summary>
    /// <exception cref="ConfigurationException">An entry is malformed.</exception>
    public static IReadOnlyDictionary<string, TimeSpan> FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var entries = config.HasPath(DelaysPath) ? config.GetStringList(DelaysPath) : [];
        try
        {
            return Parse(string.Join(',', entries));
        }
        catch (FormatException e)
        {
            throw new ConfigurationException($"{DelaysPath}: {e.Message}", e);
        }
    }

    /// <summary>The key of a node's address in a delay table: lower-case host, IPv6 in brackets, then the port.
    /// Akka may write an IPv6 host with or without brackets; both find the same entry.</summary>
    public static string Key(string host, int port)
    {
        var bare = host.Trim().TrimStart('[').TrimEnd(']').ToLowerInvariant();
        var shown = bare.Contains(':', StringComparison.Ordinal) ? $"[{bare}]" : bare;
        return $"{shown}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static (string Key, TimeSpan Delay) ParseEntry(string entry)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new FormatException($"'{entry}' is not host:port=milliseconds");
        }

        var address = entry[..equals].Trim();
        var colon = address.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is 0 or > 65535)
        {
            throw new FormatException($"'{entry}': '{address}' is not host:port with a port 1..65535");
        }

        var host = address[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (host.Contains(':', StringComparison.Ordinal) && !bracketed)
        {
            throw new FormatException($"'{entry}': write an IPv6 host in brackets, e.g. [::1]:{port.ToString(CultureInfo.InvariantCulture)}");
        }

        var bare = bracketed ? host[1..^1] : host;
        if (bare.Length == 0 || bare.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\' or '[' or ']' or '=' or ','))
        {
            throw new FormatException($"'{entry}': '{host}' is not a host name or address");
        }

        var value = entry[(equals + 1)..].Trim();
        value = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? value[..^2].TrimEnd() : value;
        if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var milliseconds)
            || double.IsInfinity(milliseconds)
            || milliseconds > TimeSpan.FromHours(1).TotalMilliseconds)
        {
            throw new FormatException($"'{entry}': '{entry[(equals + 1)..].Trim()}' is not a number of milliseconds (0 to 3600000, e.g. 40 or 72.5)");
        }

        return (Key(bare, port), TimeSpan.FromMilliseconds(milliseconds));
    }

    private static string Milliseconds(TimeSpan delay) => delay.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
