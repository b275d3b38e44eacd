using ExVenture.Server.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/register/confirm?token=…</c>: the link from the welcome mail. Confirms the address only if the account still has it.</summary>
public sealed class ConfirmEmailModel(AccountLinks links, AccountStore store) : PageModel
{
    public bool Confirmed { get; private set; }

    public string? Email { get; private set; }

    public async Task OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        if (links.ReadEmailVerification(token) is var (accountId, email))
        {
            Confirmed = await store.MarkEmailVerifiedAsync(accountId, email, cancellationToken);
            Email = email;
        }

        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
