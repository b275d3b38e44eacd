using System.Security.Claims;
using ExVenture.Server.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ExVenture.Server.Web;

/// <summary>
/// The browser's sign-in: an HttpOnly, SameSite=Lax cookie protected by Data Protection (so any node reads it), carrying
/// the account id, the username and the account's security stamp. Each request re-reads the account: a deleted account
/// or a changed password (new stamp) ends every other browser's sign-in at its next request.
/// </summary>
public static class AccountCookie
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "exventure_session";
    private const string StampClaim = "exventure:stamp";

    /// <summary>Where <see cref="ValidateAsync"/> leaves the account it read, for the page to use without reading it again.</summary>
    private static readonly object CurrentAccountKey = new();

    public static Task SignInAsync(HttpContext context, Account account)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, account.Id),
                new Claim(ClaimTypes.Name, account.Username),
                new Claim(StampClaim, account.SecurityStamp),
            ],
            Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>The signed-in account's id, or null for a visitor.</summary>
    public static string? AccountId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>The signed-in account: the one the cookie check read for this request, else read now; null for a visitor
    /// or an account that no longer exists.</summary>
    public static async Task<Account?> CurrentAccountAsync(HttpContext context, AccountStore store, CancellationToken cancellationToken)
    {
        if (context.Items.TryGetValue(CurrentAccountKey, out var known) && known is Account account)
        {
            return account;
        }

        return AccountId(context.User) is { } id ? await store.FindAccountByIdAsync(id, cancellationToken) : null;
    }

    /// <summary>Cookie options for every node: the same name, flags and lifetime everywhere. Secure whenever the
    /// request came over https (behind Fly's proxy, ASPNETCORE_FORWARDEDHEADERS_ENABLED makes the scheme the client's).</summary>
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/sign-in";
        options.LogoutPath = "/sign-out";
        options.AccessDeniedPath = "/sign-in";
        options.ReturnUrlParameter = "returnUrl";
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        options.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            OnRedirectToLogin = context => AnswerApiOrRedirect(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, StatusCodes.Status403Forbidden),
        };
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var store = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var account = id is null ? null : await store.FindAccountByIdAsync(id, context.HttpContext.RequestAborted);
        if (account is null || account.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        context.HttpContext.Items[CurrentAccountKey] = account;
    }

    /// <summary>Pages send visitors to the sign-in page; the JSON API and the socket answer with a status code instead.</summary>
    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/socket"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
