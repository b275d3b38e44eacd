namespace ExVenture.TestSupport.Cluster;

/// <summary>
/// Does for a test client what Fly's proxy does for a player (the proxy cannot run here): a request answered with
/// <c>fly-replay: region=&lt;code&gt;</c> is sent again, whole, to a node of that region, with
/// <c>fly-replay-src: instance=…;region=&lt;origin&gt;;t=…</c> saying where it first landed. The server's side of the
/// exchange is the real one; only the proxy is stood in for.
/// </summary>
public sealed class FlyProxyEmulator(string originRegion, Func<string, Uri> nodeOfRegion) : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>How many requests were replayed, and to which regions.</summary>
    public List<string> Replays { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(Copy(request, request.RequestUri!, body), cancellationToken);
        if (!response.Headers.TryGetValues("fly-replay", out var values)
            || values.SelectMany(v => v.Split(';', StringSplitOptions.TrimEntries)).FirstOrDefault(v => v.StartsWith("region=", StringComparison.Ordinal)) is not { } target)
        {
            return response;
        }

        var region = target["region=".Length..];
        lock (Replays)
        {
            Replays.Add(region);
        }

        response.Dispose();
        var replayed = new UriBuilder(request.RequestUri!) { Host = nodeOfRegion(region).Host, Port = nodeOfRegion(region).Port }.Uri;
        var again = Copy(request, replayed, body);
        again.Headers.TryAddWithoutValidation("fly-replay-src", $"instance=emulated;region={originRegion};t={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        return await base.SendAsync(again, cancellationToken);
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, Uri uri, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, uri);
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }
}
