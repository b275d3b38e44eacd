using ExVenture.Server.Accounts;
using ExVenture.Server.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary>
/// <c>/register/reset</c>: mails a one-hour reset link to the account named by username, or to every account registered
/// with an email. The answer is the same whether or not anything matched, so the page cannot be used to find accounts.
/// </summary>
public sealed class ResetRequestModel(AccountStore store, AccountLinks links, MailOutbox mail) : PageModel
{
    [BindProperty]
    public string? UsernameOrEmail { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var given = UsernameOrEmail?.Trim() ?? "";
        if (given.Length is 0 or > AccountRules.EmailMaxLength)
        {
            ModelState.AddModelError(nameof(UsernameOrEmail), "Give your username or your email.");
            return Page();
        }

        IReadOnlyList<Accounts.Account> matches = given.Contains('@', StringComparison.Ordinal)
            ? await store.FindAccountsByEmailAsync(given, cancellationToken)
            : await store.FindAccountByUsernameAsync(given, cancellationToken) is { } account ? [account] : [];
        foreach (var match in matches)
        {
            mail.Post(AccountMails.PasswordReset(match, links.PasswordResetUrl(match)));
        }

        Sent = true;
        return Page();
    }
}
