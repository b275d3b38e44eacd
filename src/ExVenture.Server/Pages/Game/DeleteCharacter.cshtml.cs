using Akka.Hosting;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Sharding;
using ExVenture.Server.Accounts;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Game;

/// <summary>
/// <c>/characters/delete?name=…</c>: asks, then deletes. The character entity goes first (it ends any session, leaves
/// its room, and deletes its journal), then the account's row: a failure in between leaves a character that can be
/// played afresh or deleted again, never a name whose old journal a newcomer would inherit.
/// </summary>
[Authorize]
public sealed class DeleteCharacterModel(AccountAuthenticator authenticator, AccountStore store, IActorRegistry actors) : PageModel
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public CharacterRecord? Character { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? Page() : NotFoundOnList(name);

    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFoundOnList(name);
        }

        var region = await actors.GetAsync<CharacterRegion>(cancellationToken);
        switch (await region.DeleteCharacterAsync(Character!.Name, Patience, cancellationToken))
        {
            case CharacterDeletion.CharacterDeleted:
                await store.DeleteCharacterAsync(Character.AccountId, Character.Id, cancellationToken);
                TempData["Notice"] = $"{Character.Name} has been deleted.";
                break;
            case CharacterDeletion.CharacterDeletionFailed failed:
                TempData["Alert"] = $"{Character.Name} was not deleted: {failed.Reason}";
                break;
        }

        return Redirect("/characters");
    }

    private async Task<bool> LoadAsync(string? name, CancellationToken cancellationToken)
    {
        Character = await authenticator.AuthorizeCharacterForAccountAsync(AccountCookie.AccountId(User)!, name, cancellationToken);
        return Character is not null;
    }

    private RedirectResult NotFoundOnList(string? name)
    {
        TempData["Alert"] = $"You have no character named '{name}'.";
        return Redirect("/characters");
    }
}
