using System.Net;
using Microsoft.AspNetCore.Identity;

namespace ExVenture.Server.Accounts;

/// <summary>Registration, sign-in and password changes: password hashing with ASP.NET Core Identity's <see cref="IPasswordHasher{TUser}"/>
/// (through the <see cref="PasswordGate"/>, so sign-ins never starve the game), then tokens.</summary>
/// <remarks>Both operations throw <see cref="PasswordGateFullException"/> when too many are waiting to hash.</remarks>
public sealed class AccountService(AccountStore store, IPasswordHasher<Account> hasher, TokenService tokens, PasswordGate gate, SignInThrottle throttle)
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

    /// <summary>
    /// Checks a username (any case) and password, refusing early while <see cref="SignInThrottle"/> says this username or
    /// <paramref name="address"/> failed too often. An unknown user and a wrong password get the same answer, after the same work.
    /// </summary>
    public async Task<SignInOutcome> SignInAsync(string username, string password, IPAddress? address = null, CancellationToken cancellationToken = default)
    {
        if (username.Length is 0 or > AccountRules.UsernameMaxLength || password.Length is 0 or > AccountRules.PasswordMaxLength)
        {
            return new SignInOutcome.Failed();
        }

        if (throttle.RetryAfter(username, address) is { } wait)
        {
            return new SignInOutcome.Throttled(wait);
        }

        var account = await store.FindAccountByUsernameAsync(username, cancellationToken).ConfigureAwait(false);
        if (account is null || !await VerifyAsync(account, password, cancellationToken).ConfigureAwait(false))
        {
            if (account is null)
            {
                await gate.RunAsync(() => hasher.VerifyHashedPassword(NoAccount, DecoyHash, password), cancellationToken).ConfigureAwait(false);
            }

            throttle.RecordFailure(username, address);
            return new SignInOutcome.Failed();
        }

        throttle.RecordSuccess(username);
        return new SignInOutcome.Succeeded(account);
    }

    /// <summary>An API token for a signed-in account.</summary>
    public IssuedToken IssueToken(Account account) => tokens.Issue(account.Id, account.Username);

    /// <summary>Changes the password when <paramref name="current"/> is right; the new security stamp signs out other browsers.</summary>
    /// <returns>The changed account, or null when <paramref name="current"/> is wrong or the account is gone.</returns>
    public async Task<Account?> ChangePasswordAsync(Account account, string current, string next, CancellationToken cancellationToken = default)
    {
        if (current.Length is 0 or > AccountRules.PasswordMaxLength || !await VerifyAsync(account, current, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await SetPasswordAsync(account, next, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a new password without the old one (a verified reset link); returns the changed account, or null when it is gone.</summary>
    public async Task<Account?> SetPasswordAsync(Account account, string next, CancellationToken cancellationToken = default)
    {
        var hash = await gate.RunAsync(() => hasher.HashPassword(account, next), cancellationToken).ConfigureAwait(false);
        var stamp = await store.ChangePasswordHashAsync(account.Id, hash, cancellationToken).ConfigureAwait(false);
        return stamp is null ? null : account with { PasswordHash = hash, SecurityStamp = stamp };
    }

    private async Task<bool> VerifyAsync(Account account, string password, CancellationToken cancellationToken)
    {
        switch (await gate.RunAsync(() => hasher.VerifyHashedPassword(account, account.PasswordHash, password), cancellationToken).ConfigureAwait(false))
        {
            case PasswordVerificationResult.Success:
                return true;
            case PasswordVerificationResult.SuccessRehashNeeded:
                var rehashed = await gate.RunAsync(() => hasher.HashPassword(account, password), cancellationToken).ConfigureAwait(false);
                await store.UpdatePasswordHashAsync(account.Id, rehashed, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }
}

/// <summary>The outcome of <see cref="AccountService.SignInAsync"/>.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record Succeeded(Account Account) : SignInOutcome;

    /// <summary>Unknown username or wrong password: deliberately the same.</summary>
    public sealed record Failed : SignInOutcome;

    /// <summary>Too many recent failures for this username or address; try again after <see cref="RetryAfter"/>.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SignInOutcome
    {
        /// <summary>The wait in whole minutes, at least one, for messages to people.</summary>
        public int Minutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));
    }
}
