using ExVenture.Server.Accounts;
using ExVenture.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Game;

/// <summary>
/// <c>/play?character=Name</c>: the browser client for one of the account's characters. The page only hosts the
/// client (<c>Client/play.js</c>); the game itself runs over the socket, authenticated by the same sign-in cookie.
/// </summary>
[Authorize]
public sealed class PlayModel(AccountStore store) : PageModel
{
    public CharacterRecord? Character { get; private set; }

    /// <summary>The socket's path: with <c>&amp;region=</c> when the page was asked for a region (<c>/play?region=lhr</c>), so
    /// on Fly the socket is replayed to a node there (<see cref="Hosting.FlyReplay"/>).</summary>
    public string SocketPath { get; private set; } = "/socket";

    public async Task<IActionResult> OnGetAsync(string? character, string? region, CancellationToken cancellationToken)
    {
        var accountId = AccountCookie.AccountId(User)!;
        var characters = await store.ListCharactersAsync(accountId, cancellationToken);
        Character = string.IsNullOrWhiteSpace(character) && characters.Count == 1
            ? characters[0]
            : characters.FirstOrDefault(c => string.Equals(c.Name, character, StringComparison.OrdinalIgnoreCase));
        if (Character is null)
        {
            TempData["Alert"] = string.IsNullOrWhiteSpace(character) ? "Choose a character to play." : $"You have no character named '{character}'.";
            return Redirect("/characters");
        }

        SocketPath = "/socket?character=" + Uri.EscapeDataString(Character.Name);
        if (region?.Trim().ToLowerInvariant() is { } wanted && ExVenture.Actors.Hosting.Regions.IsValid(wanted))
        {
            SocketPath += "&region=" + wanted;
        }

        return Page();
    }
}
