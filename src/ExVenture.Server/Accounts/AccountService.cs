using Microsoft.AspNetCore.Identity;

namespace ExVenture.Server.Accounts;

/// <summary>Registration and sign-in: password hashing with ASP.NET Core Identity's <see cref="IPasswordHasher{TUser}"/>
/// (through the <see cref="PasswordGate"/>, so sign-ins never starve the game), then tokens.</summary>
/// <remarks>Both operations throw <see cref="PasswordGateFullException"/> when too many are waiting to hash.</remarks>
public sealed class AccountService(AccountStore store, IPasswordHasher<Account> hasher, TokenService tokens, PasswordGate gate)
{
    // PasswordHasher ignores the user it is given; this stands in before an account exists.
    private static readonly Account NoAccount = new("", "", "", "", DateTimeOffset.UnixEpoch);

    private string? _decoyHash;

    // Verified against when the username is unknown, so that answer takes as long as a wrong password.
    private string DecoyHash => _decoyHash ??= hasher.HashPassword(NoAccount, Guid.NewGuid().ToString());

    /// <summary>Creates an account for input that already passed <see cref="AccountRules"/>.</summary>
    public async Task<CreateAccountResult> RegisterAsync(string username, string email, string password, CancellationToken cancellationToken = default)
    {
        var hash = await gate.RunAsync(() => hasher.HashPassword(NoAccount, password), cancellationToken).ConfigureAwait(false);
        return await store.CreateAccountAsync(username, email, hash, cancellationToken).ConfigureAwait(false);
    }

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
            await gate.RunAsync(() => hasher.VerifyHashedPassword(NoAccount, DecoyHash, password), cancellationToken).ConfigureAwait(false);
            return null;
        }

        switch (await gate.RunAsync(() => hasher.VerifyHashedPassword(account, account.PasswordHash, password), cancellationToken).ConfigureAwait(false))
        {
            case PasswordVerificationResult.Success:
                break;
            case PasswordVerificationResult.SuccessRehashNeeded:
                var rehashed = await gate.RunAsync(() => hasher.HashPassword(account, password), cancellationToken).ConfigureAwait(false);
                await store.UpdatePasswordHashAsync(account.Id, rehashed, cancellationToken).ConfigureAwait(false);
                break;
            default:
                return null;
        }

        return tokens.Issue(account.Id, account.Username);
    }
}
