using ExVenture.Server.Accounts;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;
using ExVenture.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ExVenture.Server.Tests.Accounts;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    private readonly TempDirectory _directory = new();
    private readonly PasswordHasher<Account> _hasher = new();
    private DbConnectionFactory _factory = null!;
    private AccountStore _store = null!;
    private AccountService _service = null!;
    private readonly ManualTimeProvider _time = new();

    public async Task InitializeAsync()
    {
        _factory = new DbConnectionFactory(DatabaseSettings.ForSqliteFile(_directory.File("accounts.db")));
        await new SchemaMigrator(_factory).MigrateAsync();
        _store = new AccountStore(_factory, TimeProvider.System);
        _service = new AccountService(_store, _hasher, new TokenService("account-service-tests-secret-of-32-chars+", TimeProvider.System), new PasswordGate(2, 8), new SignInThrottle(_time));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Registration_stores_an_identity_hash_never_the_password()
    {
        await _service.RegisterAsync("alice", "alice@example.com", Password);

        var account = (await _store.FindAccountByUsernameAsync("alice"))!;
        Assert.DoesNotContain(Password, account.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(account, account.PasswordHash, Password));
    }

    [Fact]
    public async Task Signing_in_with_an_outdated_hash_upgrades_it()
    {
        var legacy = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var noAccount = new Account("", "", "", "", DateTimeOffset.UnixEpoch);
        await _store.CreateAccountAsync("alice", "alice@example.com", legacy.HashPassword(noAccount, Password));
        var before = (await _store.FindAccountByUsernameAsync("alice"))!.PasswordHash;

        var result = await _service.SignInAsync("alice", Password);

        var after = (await _store.FindAccountByUsernameAsync("alice"))!.PasswordHash;
        Assert.IsType<SignInOutcome.Succeeded>(result);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, _hasher.VerifyHashedPassword(noAccount, before, Password));
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(noAccount, after, Password));
        Assert.IsType<SignInOutcome.Succeeded>(await _service.SignInAsync("alice", Password));
    }

    [Fact]
    public async Task Signing_in_fails_for_a_wrong_password_an_unknown_user_and_oversized_input()
    {
        await _service.RegisterAsync("alice", "alice@example.com", Password);

        Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("alice", "wrong password"));
        Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("nobody", Password));
        Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("alice", new string('x', 129)));
        Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("", Password));
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account_even_against_the_right_password_until_the_window_passes()
    {
        await _service.RegisterAsync("alice", "alice@example.com", Password);
        for (var i = 0; i < SignInThrottle.AccountFailureLimit; i++)
        {
            Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("ALICE", "guess " + i));
        }

        var throttled = Assert.IsType<SignInOutcome.Throttled>(await _service.SignInAsync("alice", Password));
        Assert.Equal(SignInThrottle.Window, throttled.RetryAfter);
        Assert.Equal(15, throttled.Minutes);

        _time.Advance(SignInThrottle.Window);
        Assert.IsType<SignInOutcome.Succeeded>(await _service.SignInAsync("alice", Password));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_replaces_the_security_stamp()
    {
        await _service.RegisterAsync("alice", "alice@example.com", Password);
        var account = (await _store.FindAccountByUsernameAsync("alice"))!;
        Assert.NotEqual("", account.SecurityStamp);

        Assert.Null(await _service.ChangePasswordAsync(account, "not the password", "a brand new password"));
        var changed = await _service.ChangePasswordAsync(account, Password, "a brand new password");

        Assert.NotNull(changed);
        Assert.NotEqual(account.SecurityStamp, changed.SecurityStamp);
        Assert.Equal(changed.SecurityStamp, (await _store.FindAccountByIdAsync(account.Id))!.SecurityStamp);
        Assert.IsType<SignInOutcome.Failed>(await _service.SignInAsync("alice", Password));
        Assert.IsType<SignInOutcome.Succeeded>(await _service.SignInAsync("alice", "a brand new password"));
    }
}
