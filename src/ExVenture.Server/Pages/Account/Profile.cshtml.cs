using ExVenture.Server.Accounts;
using ExVenture.Server.Mail;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/profile</c>: the account's email (changing it asks for confirmation again) and password (only with the current one).</summary>
[Authorize]
public sealed class ProfileModel(AccountStore store, AccountService accounts, AccountLinks links, MailOutbox mail) : PageModel
{
    public Accounts.Account? Account { get; private set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : Challenge();

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }

        AccountForms.Check(ModelState, nameof(NewEmail), AccountRules.EmailProblem(NewEmail));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await store.ChangeEmailAsync(Account!.Id, NewEmail!, cancellationToken);
        var changed = Account with { Email = NewEmail!, EmailVerifiedAt = null };
        mail.Post(AccountMails.VerifyEmail(changed, links.EmailVerificationUrl(changed)));
        TempData["Notice"] = $"Your email is now {changed.Email}. We have mailed it a link to confirm it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }

        AccountForms.Check(ModelState, nameof(NewPassword), AccountRules.PasswordProblem(NewPassword));
        AccountForms.Check(ModelState, nameof(Confirmation), AccountForms.ConfirmationProblem(NewPassword, Confirmation));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        Accounts.Account? changed;
        try
        {
            changed = await accounts.ChangePasswordAsync(Account!, CurrentPassword ?? "", NewPassword!, cancellationToken);
        }
        catch (PasswordGateFullException)
        {
            ModelState.AddModelError("", AccountForms.BusyMessage);
            return Page();
        }

        if (changed is null)
        {
            ModelState.AddModelError(nameof(CurrentPassword), "That is not your current password.");
            return Page();
        }

        // The new security stamp ended every sign-in, this one included: sign this browser in again.
        await AccountCookie.SignInAsync(HttpContext, changed);
        TempData["Notice"] = "Your password has been changed. Other browsers have been signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }

        if (!Account!.EmailVerified)
        {
            mail.Post(AccountMails.VerifyEmail(Account, links.EmailVerificationUrl(Account)));
            TempData["Notice"] = $"We have mailed a new confirmation link to {Account.Email}.";
        }

        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Account = await AccountCookie.CurrentAccountAsync(HttpContext, store, cancellationToken);
        return Account is not null;
    }
}
