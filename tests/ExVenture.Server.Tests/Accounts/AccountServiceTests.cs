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

    public async Task InitializeAsync()
    {
        _factory = new DbConnectionFactory(DatabaseSettings.ForSqliteFile(_directory.File("accounts.db")));
        await new SchemaMigrator(_factory).MigrateAsync();
        _store = new AccountStore(_factory, TimeProvider.System);
        _service = new AccountService(_store, _hasher, new TokenService("account-service-tests-secret-of-32-chars+", TimeProvider.System), new PasswordGate(2, 8));
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

        var token = await _service.SignInAsync("alice", Password);

        var after = (await _store.FindAccountByUsernameAsync("alice"))!.PasswordHash;
        Assert.NotNull(token);
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, _hasher.VerifyHashedPassword(noAccount, before, Password));
        Assert.Equal(PasswordVerificationResult.Success, _hasher.VerifyHashedPassword(noAccount, after, Password));
        Assert.NotNull(await _service.SignInAsync("alice", Password));
    }

    [Fact]
    public async Task Signing_in_fails_for_a_wrong_password_an_unknown_user_and_oversized_input()
    {
        await _service.RegisterAsync("alice", "alice@example.com", Password);

        Assert.Null(await _service.SignInAsync("alice", "wrong password"));
        Assert.Null(await _service.SignInAsync("nobody", Password));
        Assert.Null(await _service.SignInAsync("alice", new string('x', 129)));
        Assert.Null(await _service.SignInAsync("", Password));
    }
}
