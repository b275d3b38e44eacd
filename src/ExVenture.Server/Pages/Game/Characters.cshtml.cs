using ExVenture.Server.Accounts;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Game;

/// <summary><c>/characters</c>: the account's characters, each with Play and Delete, and a form to create another (up to CHARACTER_LIMIT).</summary>
[Authorize]
public sealed class CharactersModel(AccountStore store, AccountsOptions options, ExVenture.Actors.Hosting.ClusterNodeOptions node) : PageModel
{
    public Accounts.Account? Account { get; private set; }

    public IReadOnlyList<CharacterRecord> Characters { get; private set; } = [];

    public int Limit => options.CharacterLimit;

    [BindProperty]
    public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : Challenge();

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Challenge();
        }

        if (AccountRules.CharacterNameProblem(Name) is { } problem)
        {
            ModelState.AddModelError(nameof(Name), problem);
            return Page();
        }

        var name = AccountRules.NormalizeCharacterName(Name!);
        switch (await store.CreateCharacterAsync(Account!.Id, name, Limit, Hosting.FlyReplay.OriginRegion(Request, node), cancellationToken))
        {
            case CreateCharacterResult.Created(var character):
                TempData["Notice"] = $"{character.Name} is ready to play.";
                return RedirectToPage();
            case CreateCharacterResult.NameTaken:
                ModelState.AddModelError(nameof(Name), $"The name '{name}' is already taken.");
                return Page();
            case CreateCharacterResult.LimitReached(var limit):
                ModelState.AddModelError("", $"An account may have at most {limit} characters.");
                return Page();
            default:
                return Challenge();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Account = await AccountCookie.CurrentAccountAsync(HttpContext, store, cancellationToken);
        if (Account is null)
        {
            return false;
        }

        Characters = await store.ListCharactersAsync(Account.Id, cancellationToken);
        return true;
    }
}
