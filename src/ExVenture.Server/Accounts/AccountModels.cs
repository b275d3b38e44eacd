namespace ExVenture.Server.Accounts;

/// <summary>A player's account. <see cref="PasswordHash"/> is an ASP.NET Core Identity hash, never the password.</summary>
/// <param name="EmailVerifiedAt">When the owner followed the link mailed to <see cref="Email"/>; null until then, and again after the email changes.</param>
/// <param name="SecurityStamp">Changes whenever the password does: sign-in cookies and password-reset links carry the
/// stamp they were issued under, so a password change signs out every other browser and spends every reset link.</param>
public sealed record Account(
    string Id,
    string Username,
    string Email,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EmailVerifiedAt = null,
    string SecurityStamp = "")
{
    public bool EmailVerified => EmailVerifiedAt is not null;

    /// <summary>Leaves out the password hash.</summary>
    public override string ToString() => $"Account {{ Id = {Id}, Username = {Username} }}";
}

/// <summary>A character an account owns.</summary>
public sealed record CharacterRecord(string Id, string AccountId, string Name);

public abstract record CreateAccountResult
{
    private CreateAccountResult()
    {
    }

    public sealed record Created(Account Account) : CreateAccountResult;

    /// <summary>Another account has this username, compared case-insensitively.</summary>
    public sealed record UsernameTaken : CreateAccountResult;
}

public abstract record CreateCharacterResult
{
    private CreateCharacterResult()
    {
    }

    public sealed record Created(CharacterRecord Character) : CreateCharacterResult;

    /// <summary>Some character, of any account, has this name, compared case-insensitively.</summary>
    public sealed record NameTaken : CreateCharacterResult;

    /// <summary>The account already has <see cref="Limit"/> characters.</summary>
    public sealed record LimitReached(int Limit) : CreateCharacterResult;

    /// <summary>No account has this id (a token outlived its account).</summary>
    public sealed record AccountMissing : CreateCharacterResult;
}
