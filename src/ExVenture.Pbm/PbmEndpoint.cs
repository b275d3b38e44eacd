using System.Globalization;
using System.Net;

namespace ExVenture.Pbm;

/// <summary>A node's operator endpoint as typed: <c>host:port</c>, <c>[::1]:9110</c>, or a bare host (port 9110).</summary>
public sealed record PbmEndpoint(string Host, int Port)
{
    /// <summary>The host as it goes in a URI or a prompt: IPv6 literals in brackets.</summary>
    public string UriHost => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    public Uri BaseAddress => new($"http://{UriHost}:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public override string ToString() => $"{UriHost}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static PbmEndpoint Parse(string text)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw PbmException.Usage("empty host; expected host:port, [ipv6]:port or host");
        }

        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw PbmException.Usage($"'{text}': missing ']' after the IPv6 address");
            }

            var address = value[1..close];
            var rest = value[(close + 1)..];
            if (address.Length == 0 || !IPAddress.TryParse(address, out _))
            {
                throw PbmException.Usage($"'{text}': '{address}' is not an IPv6 address");
            }

            if (rest.Length == 0)
            {
                return new PbmEndpoint(address, OperatorProtocol.DefaultPort);
            }

            if (!rest.StartsWith(':'))
            {
                throw PbmException.Usage($"'{text}': expected ':port' after ']'");
            }

            return new PbmEndpoint(address, ParsePort(rest[1..], text));
        }

        var colons = value.Count(c => c == ':');
        if (colons > 1)
        {
            // A bare IPv6 literal (::1): there is no way to tell a port from the last group, so it has none.
            if (!IPAddress.TryParse(value, out _))
            {
                throw PbmException.Usage($"'{text}': not a host; write IPv6 addresses as [address]:port");
            }

            return new PbmEndpoint(value, OperatorProtocol.DefaultPort);
        }

        if (colons == 1)
        {
            var at = value.IndexOf(':', StringComparison.Ordinal);
            var host = value[..at];
            if (host.Length == 0)
            {
                throw PbmException.Usage($"'{text}': missing host before ':'");
            }

            CheckHostName(host, text);
            return new PbmEndpoint(host, ParsePort(value[(at + 1)..], text));
        }

        CheckHostName(value, text);
        return new PbmEndpoint(value, OperatorProtocol.DefaultPort);
    }

    private static void CheckHostName(string host, string text)
    {
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw PbmException.Usage($"'{text}': '{host}' is not a host name or address");
        }
    }

    private static int ParsePort(string port, string text) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535
            ? value
            : throw PbmException.Usage($"'{text}': '{port}' is not a port (1-65535)");
}
