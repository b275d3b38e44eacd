using System.Net;
using ExVenture.Server.Configuration;
using Microsoft.Net.Http.Headers;

namespace ExVenture.Server.Web;

/// <summary>
/// Cross-site WebSocket hijacking guard. Browsers send cookies with a WebSocket upgrade from any page, so a page on
/// another site could otherwise open a socket as the signed-in player. Browsers also always send <c>Origin</c> on an
/// upgrade (and scripts cannot forge it), so an upgrade with an Origin is accepted only when that origin is this game's
/// public URL (HOST, URL_SCHEME, URL_PORT). Bots and MUD clients send no Origin and authenticate with a token.
/// In development, any loopback origin is accepted too (localhost, 127.0.0.1 and [::1] on any port).
/// </summary>
public static class WebSocketOrigin
{
    public static bool IsAllowed(HttpRequest request, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
        {
            return false;
        }

        if (settings.IsDevelopment && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
        {
            return true;
        }

        return string.Equals(uri.Scheme, settings.UrlScheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, settings.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == settings.UrlPort;
    }
}
