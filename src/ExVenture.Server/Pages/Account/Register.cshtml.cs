using ExVenture.Server.Accounts;
using ExVenture.Server.Mail;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/register</c>: creates the account, signs the new player in and mails a link to confirm the address.</summary>
public sealed class RegisterModel(AccountService accounts, AccountLinks links, MailOutbox mail) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public IActionResult OnGet() => AccountCookie.AccountId(User) is null ? Page() : Redirect("/characters");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        AccountForms.Check(ModelState, "Input.Username", AccountRules.UsernameProblem(Input.Username));
        AccountForms.Check(ModelState, "Input.Email", AccountRules.EmailProblem(Input.Email));
        AccountForms.Check(ModelState, "Input.Password", AccountRules.PasswordProblem(Input.Password));
        AccountForms.Check(ModelState, "Input.Confirmation", AccountForms.ConfirmationProblem(Input.Password, Input.Confirmation));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        CreateAccountResult result;
        try
        {
            result = await accounts.RegisterAsync(Input.Username!, Input.Email!, Input.Password!, cancellationToken);
        }
        catch (PasswordGateFullException)
        {
            ModelState.AddModelError("", AccountForms.BusyMessage);
            return Page();
        }

        switch (result)
        {
            case CreateAccountResult.Created(var account):
                await AccountCookie.SignInAsync(HttpContext, account);
                mail.Post(AccountMails.Welcome(account, links.EmailVerificationUrl(account)));
                TempData["Notice"] = $"Welcome, {account.Username}! We have mailed a link to {account.Email} to confirm it. Now create your first character.";
                return Redirect("/characters");
            default:
                ModelState.AddModelError("Input.Username", $"The username '{Input.Username}' is already taken.");
                return Page();
        }
    }

    public sealed class RegisterInput
    {
        public string? Username { get; set; }
        public string? Email { get; set; }
        public string? Password { get; set; }
        public string? Confirmation { get; set; }
    }
}
