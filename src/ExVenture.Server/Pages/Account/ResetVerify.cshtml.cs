using ExVenture.Server.Accounts;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/register/reset/verify?token=…</c>: the mailed link. A valid, unspent link sets a new password and signs the player in.</summary>
public sealed class ResetVerifyModel(AccountLinks links, AccountStore store, AccountService accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public Accounts.Account? Account { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        AccountForms.Check(ModelState, nameof(Password), AccountRules.PasswordProblem(Password));
        AccountForms.Check(ModelState, nameof(Confirmation), AccountForms.ConfirmationProblem(Password, Confirmation));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        Accounts.Account? changed;
        try
        {
            changed = await accounts.SetPasswordAsync(Account!, Password!, cancellationToken);
        }
        catch (PasswordGateFullException)
        {
            ModelState.AddModelError("", AccountForms.BusyMessage);
            return Page();
        }

        if (changed is null)
        {
            return Redirect("/register/reset");
        }

        await AccountCookie.SignInAsync(HttpContext, changed);
        TempData["Notice"] = "Your password has been changed, and you are signed in.";
        return Redirect("/characters");
    }

    /// <summary>The link's account, if the link is genuine, unexpired, and unspent (its stamp is still the account's).</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (links.ReadPasswordReset(Token) is var (accountId, stamp)
            && await store.FindAccountByIdAsync(accountId, cancellationToken) is { } account
            && account.SecurityStamp == stamp)
        {
            Account = account;
        }

        return Account is not null;
    }
}
