namespace ExVenture.Server.Accounts.Api;

// Request bodies: every field nullable, so a missing one becomes a validation message rather than a binding failure.

public sealed record RegisterRequest(string? Username, string? Email, string? Password);

public sealed record SignInRequest(string? Username, string? Password);

public sealed record CreateCharacterRequest(string? Name);

// Responses (camelCase on the wire).

public sealed record AccountResponse(string Id, string Username, string Email);

public sealed record SessionResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record CharacterResponse(string Id, string Name)
{
    public static CharacterResponse From(CharacterRecord character) => new(character.Id, character.Name);
}

public sealed record ErrorResponse(string Error);
