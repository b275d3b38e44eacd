using ExVenture.Server.Accounts;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/sign-in</c>: checks the password (throttled per username and per address) and sets the sign-in cookie.</summary>
public sealed class SignInModel(AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IActionResult OnGet() =>
        AccountCookie.AccountId(User) is null ? Page() : Redirect(AccountForms.LocalOrDefault(Url, ReturnUrl));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        SignInOutcome result;
        try
        {
            result = await accounts.SignInAsync(Username ?? "", Password ?? "", HttpContext.Connection.RemoteIpAddress, cancellationToken);
        }
        catch (PasswordGateFullException)
        {
            ModelState.AddModelError("", AccountForms.BusyMessage);
            return Page();
        }

        switch (result)
        {
            case SignInOutcome.Succeeded(var account):
                await AccountCookie.SignInAsync(HttpContext, account);
                return Redirect(AccountForms.LocalOrDefault(Url, ReturnUrl));
            case SignInOutcome.Throttled throttled:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ModelState.AddModelError("", $"Too many failed sign-ins for this account or from your address. Please wait {throttled.Minutes} minute(s) and try again, or reset your password.");
                return Page();
            default:
                ModelState.AddModelError("", "Invalid username or password.");
                return Page();
        }
    }
}
