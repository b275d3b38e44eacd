using Microsoft.AspNetCore.Identity;

namespace ExVenture.Server.Accounts;

/// <summary>Registration and sign-in: password hashing with ASP.NET Core Identity's <see cref="IPasswordHasher{TUser}"/>, then tokens.</summary>
public sealed class AccountService(AccountStore store, IPasswordHasher<Account> hasher, TokenService tokens)
{
    // PasswordHasher ignores the user it is given; this stands in before an account exists.
    private static readonly Account NoAccount = new("", "", "", "", DateTimeOffset.UnixEpoch);

    private string? _decoyHash;

    // Verified against when the username is unknown, so that answer takes as long as a wrong password.
    private string DecoyHash => _decoyHash ??= hasher.HashPassword(NoAccount, Guid.NewGuid().ToString());

    /// <summary>Creates an account for input that already passed <see cref="AccountRules"/>.</summary>
    public Task<CreateAccountResult> RegisterAsync(string username, string email, string password, CancellationToken cancellationToken = default) =>
        store.CreateAccountAsync(username, email, hasher.HashPassword(NoAccount, password), cancellationToken);

    /// <summary>A token when the username (any case) and password match, else null: the same for an unknown user and a wrong password.</summary>
    public async Task<IssuedToken?> SignInAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        if (username.Length is 0 or > AccountRules.UsernameMaxLength || password.Length is 0 or > AccountRules.PasswordMaxLength)
        {
            return null;
        }

        var account = await store.FindAccountByUsernameAsync(username, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            hasher.VerifyHashedPassword(NoAccount, DecoyHash, password);
            return null;
        }

        switch (hasher.VerifyHashedPassword(account, account.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                break;
            case PasswordVerificationResult.SuccessRehashNeeded:
                await store.UpdatePasswordHashAsync(account.Id, hasher.HashPassword(account, password), cancellationToken).ConfigureAwait(false);
                break;
            default:
                return null;
        }

        return tokens.Issue(account.Id, account.Username);
    }
}
