using ExVenture.Server.Accounts;
using ExVenture.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace ExVenture.Server.Web;

/// <summary>The browser side of the server: pages, sign-in cookies, antiforgery, and the client's static files.</summary>
public static class WebServiceCollectionExtensions
{
    /// <summary>Where the browser client and the stylesheet are served from.</summary>
    public const string AssetsPath = "/assets";

    /// <summary>
    /// Registers Data Protection (keys from SECRET_KEY_BASE: <see cref="SecretDerivedKeyRepository"/>), cookie
    /// authentication (<see cref="AccountCookie"/>), antiforgery and Razor Pages. Needs <c>AddExVentureAccounts</c>.
    /// </summary>
    public static IServiceCollection AddExVentureWeb(this IServiceCollection services, ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // One application name everywhere: by default Data Protection isolates apps by content root, which differs between machines.
        services.AddDataProtection().SetApplicationName("ExVenture.Akka").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new SecretDerivedKeyRepository(settings.SecretKeyBase));

        services.AddAuthentication(AccountCookie.Scheme).AddCookie(AccountCookie.Configure);
        services.AddAuthorization();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "exventure_antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__antiforgery";
        });
        services.AddRazorPages();

        // The one-time notices shown after a redirect ("Your password has been changed.") travel in a cookie too.
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "exventure_notice";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.TryAddSingleton<AccountLinks>();
        return services;
    }

    /// <summary>Static files, authentication, and the pages, in the order the pipeline needs them.</summary>
    public static WebApplication UseExVentureWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = Path.Combine(AppContext.BaseDirectory, "Client");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(client),
            RequestPath = AssetsPath,
            // Not fingerprinted, so browsers revalidate (ETag) rather than keep an old client after a deploy.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/api/me", (HttpContext context) => AccountCookie.AccountId(context.User) is null
            ? Results.Json(new { error = "Not signed in." }, statusCode: StatusCodes.Status401Unauthorized)
            : Results.Json(new { username = context.User.Identity!.Name }));
        return app;
    }
}
