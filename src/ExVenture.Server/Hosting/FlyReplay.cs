using ExVenture.Actors.Hosting;

namespace ExVenture.Server.Hosting;

/// <summary>
/// Sends a request to the region that must serve it, through Fly's proxy: an answer carrying
/// <c>fly-replay: region=&lt;code&gt;</c> makes the proxy replay the request there. Only on Fly (<c>FLY_APP_NAME</c> is
/// set); anywhere else there is no proxy to replay, and the node serves everything itself.
/// <list type="bullet">
/// <item><c>/socket?region=&lt;code&gt;</c> for another region: browsers cannot set headers on a WebSocket handshake, so
/// the region comes as a query parameter, and the replay happens before any upgrade.</item>
/// <item>Writes to the accounts database (every request but GET, HEAD and OPTIONS, and the mailed confirmation
/// link, which writes on GET) outside the primary region, where that database is writable.</item>
/// </list>
/// A request that was already replayed (Fly adds <c>fly-replay-src</c>) is served where it landed, so a replay never loops.
/// </summary>
public static class FlyReplay
{
    public const string ReplayHeader = "fly-replay";
    public const string ReplaySourceHeader = "fly-replay-src";
    public const string RegionParameter = "region";

    public static IApplicationBuilder UseFlyReplay(this IApplicationBuilder app, ClusterNodeOptions node, bool behindFlyProxy)
    {
        ArgumentNullException.ThrowIfNull(node);
        return behindFlyProxy
            ? app.Use((context, next) => TargetRegion(context.Request, node) is { } region ? ReplayAsync(context, region) : next(context))
            : app;
    }

    /// <summary>The region that must serve <paramref name="request"/>, or null when this node serves it.</summary>
    public static string? TargetRegion(HttpRequest request, ClusterNodeOptions node)
    {
        if (request.Headers.ContainsKey(ReplaySourceHeader))
        {
            return null;
        }

        if (request.Path.StartsWithSegments("/socket")
            && request.Query[RegionParameter].FirstOrDefault()?.Trim().ToLowerInvariant() is { } wanted
            && Regions.IsValid(wanted)
            && wanted != node.Region)
        {
            return wanted;
        }

        var writes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            || request.Path.StartsWithSegments(Accounts.AccountLinks.EmailPath);
        return writes && node.Region != node.PrimaryRegion ? node.PrimaryRegion : null;
    }

    /// <summary>The region a request came from: the one Fly's proxy replayed it from (<c>fly-replay-src: …;region=lhr;…</c>),
    /// else this node's. A character is homed where its player created it, even though the write itself was replayed
    /// to the primary region.</summary>
    public static string OriginRegion(HttpRequest request, ClusterNodeOptions node)
    {
        foreach (var part in request.Headers[ReplaySourceHeader].ToString().Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("region=", StringComparison.OrdinalIgnoreCase)
                && part["region=".Length..].ToLowerInvariant() is var region
                && Regions.IsValid(region))
            {
                return region;
            }
        }

        return node.Region;
    }

    private static Task ReplayAsync(HttpContext context, string region)
    {
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        context.Response.Headers[ReplayHeader] = $"region={region}";
        return context.Response.WriteAsJsonAsync(new { error = $"This request is served in region {region}; Fly's proxy replays it there." });
    }
}
