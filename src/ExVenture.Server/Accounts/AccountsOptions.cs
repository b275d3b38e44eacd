namespace ExVenture.Server.Accounts;

/// <summary>Tunables of the accounts feature, taken from <see cref="Configuration.ServerSettings"/> and adjustable at registration.</summary>
public sealed class AccountsOptions
{
    /// <summary>How many characters one account may create (CHARACTER_LIMIT).</summary>
    public int CharacterLimit { get; set; } = 5;

    /// <summary>How long an API token is accepted after it is issued.</summary>
    public TimeSpan TokenLifetime { get; set; } = TokenService.DefaultLifetime;
}
