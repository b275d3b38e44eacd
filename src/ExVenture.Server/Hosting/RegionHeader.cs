namespace ExVenture.Server.Hosting;

/// <summary><c>X-Region: &lt;code&gt;</c> on every HTTP response, so a tester (say with <c>curl -H "fly-prefer-region: lhr"</c>)
/// sees which region answered.</summary>
public static class RegionHeader
{
    public const string Name = "X-Region";

    public static IApplicationBuilder UseRegionHeader(this IApplicationBuilder app, string region) =>
        app.Use((context, next) =>
        {
            context.Response.Headers[Name] = region;
            return next(context);
        });
}
