using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ExVenture.Server.Accounts;

/// <summary>
/// Authenticates requests with API tokens: the HTTP API's <c>Authorization: Bearer</c> header, and a WebSocket
/// session's token plus the character it wants to play.
/// </summary>
public sealed class AccountAuthenticator(TokenService tokens, AccountStore store)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The claims of a valid <c>Authorization: Bearer &lt;token&gt;</c> header, else null.</summary>
    public TokenClaims? AuthenticateBearer(HttpRequest request) => tokens.Validate(BearerToken(request));

    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, if there is one.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    /// <summary>
    /// The character named <paramref name="characterName"/> (any case) when <paramref name="token"/> is valid and its account owns
    /// that character; null otherwise (bad token, no such character, or someone else's).
    /// </summary>
    public async Task<CharacterRecord?> AuthorizeCharacterAsync(string? token, string? characterName, CancellationToken cancellationToken = default)
    {
        return tokens.Validate(token) is { } claims
            ? await AuthorizeCharacterForAccountAsync(claims.AccountId, characterName, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>The character named <paramref name="characterName"/> (any case) if <paramref name="accountId"/> owns it; null otherwise.</summary>
    public async Task<CharacterRecord?> AuthorizeCharacterForAccountAsync(string accountId, string? characterName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(characterName))
        {
            return null;
        }

        var character = await store.FindCharacterByNameAsync(characterName, cancellationToken).ConfigureAwait(false);
        return character?.AccountId == accountId ? character : null;
    }
}
