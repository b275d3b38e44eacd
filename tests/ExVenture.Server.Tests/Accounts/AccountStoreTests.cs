using ExVenture.Server.Accounts;
using ExVenture.Server.Storage;
using ExVenture.Server.Tests.Storage;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Accounts;

public sealed class AccountStorePostgreSqlTests : AccountStoreTests<PostgreSqlTestDatabase>;

public sealed class AccountStoreSqliteTests : AccountStoreTests<SqliteTestDatabase>;

public abstract class AccountStoreTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private readonly TDatabase _database = new();
    private readonly ManualTimeProvider _clock = new();
    private DbConnectionFactory _factory = null!;
    private AccountStore _store = null!;

    public async Task InitializeAsync()
    {
        _factory = new DbConnectionFactory(await _database.CreateAsync());
        await new SchemaMigrator(_factory).MigrateAsync();
        _store = new AccountStore(_factory, _clock);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_created_account_is_found_by_its_username_in_any_case()
    {
        var created = Assert.IsType<CreateAccountResult.Created>(await _store.CreateAccountAsync("Alice_1", "alice@example.com", "hash"));

        var found = await _store.FindAccountByUsernameAsync("aLICE_1");

        Assert.Equal(created.Account, found);
        Assert.Equal(32, created.Account.Id.Length);
        Assert.Equal(_clock.GetUtcNow(), created.Account.CreatedAt);
        Assert.Null(await _store.FindAccountByUsernameAsync("bob"));
    }

    [Fact]
    public async Task A_username_differing_only_in_case_is_taken()
    {
        await _store.CreateAccountAsync("Alice", "a@example.com", "hash");

        var second = await _store.CreateAccountAsync("ALICE", "b@example.com", "hash");

        Assert.IsType<CreateAccountResult.UsernameTaken>(second);
        Assert.Equal("a@example.com", (await _store.FindAccountByUsernameAsync("alice"))!.Email);
    }

    [Fact]
    public async Task Twenty_concurrent_creations_of_one_username_have_exactly_one_winner()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            _store.CreateAccountAsync(i % 2 == 0 ? "racer" : "RACER", $"r{i}@example.com", "hash"))));

        Assert.Single(results.OfType<CreateAccountResult.Created>());
        Assert.Equal(19, results.OfType<CreateAccountResult.UsernameTaken>().Count());
    }

    [Fact]
    public async Task The_password_hash_can_be_replaced()
    {
        var account = await CreateAccountAsync("alice");

        await _store.UpdatePasswordHashAsync(account.Id, "new-hash");

        Assert.Equal("new-hash", (await _store.FindAccountByUsernameAsync("alice"))!.PasswordHash);
    }

    [Fact]
    public async Task Characters_are_listed_for_their_account_and_found_by_name_in_any_case()
    {
        var alice = await CreateAccountAsync("alice");
        var bob = await CreateAccountAsync("bob");

        var first = await CreateCharacterAsync(alice.Id, "Aragorn");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var second = await CreateCharacterAsync(alice.Id, "Boromir");
        var bobs = await CreateCharacterAsync(bob.Id, "Gimli");

        Assert.Equal([first, second], await _store.ListCharactersAsync(alice.Id));
        Assert.Equal([bobs], await _store.ListCharactersAsync(bob.Id));
        Assert.Equal(new CharacterRecord(first.Id, alice.Id, "Aragorn"), await _store.FindCharacterByNameAsync("aRAGORN"));
        Assert.Null(await _store.FindCharacterByNameAsync("Legolas"));
    }

    [Fact]
    public async Task A_character_name_is_unique_across_accounts_in_any_case()
    {
        var alice = await CreateAccountAsync("alice");
        var bob = await CreateAccountAsync("bob");
        await CreateCharacterAsync(alice.Id, "Frodo");

        var result = await _store.CreateCharacterAsync(bob.Id, "FRODO", limit: 5);

        Assert.IsType<CreateCharacterResult.NameTaken>(result);
        Assert.Empty(await _store.ListCharactersAsync(bob.Id));
    }

    [Fact]
    public async Task The_character_limit_applies_per_account()
    {
        var alice = await CreateAccountAsync("alice");
        var bob = await CreateAccountAsync("bob");
        await CreateCharacterAsync(alice.Id, "One", limit: 2);
        await CreateCharacterAsync(alice.Id, "Two", limit: 2);

        var third = await _store.CreateCharacterAsync(alice.Id, "Three", limit: 2);
        var bobsFirst = await _store.CreateCharacterAsync(bob.Id, "Four", limit: 2);

        Assert.Equal(new CreateCharacterResult.LimitReached(2), third);
        Assert.IsType<CreateCharacterResult.Created>(bobsFirst);
        Assert.Null(await _store.FindCharacterByNameAsync("Three"));
    }

    [Fact]
    public async Task Concurrent_character_creations_never_exceed_the_limit()
    {
        var alice = await CreateAccountAsync("alice");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            _store.CreateCharacterAsync(alice.Id, $"Hero{(char)('a' + i)}", limit: 3))));

        Assert.Equal(3, results.OfType<CreateCharacterResult.Created>().Count());
        Assert.Equal(7, results.OfType<CreateCharacterResult.LimitReached>().Count());
        Assert.Equal(3, (await _store.ListCharactersAsync(alice.Id)).Count);
    }

    [Fact]
    public async Task Concurrent_creations_of_one_character_name_have_exactly_one_winner()
    {
        var accounts = new List<Account>();
        for (var i = 0; i < 10; i++)
        {
            accounts.Add(await CreateAccountAsync($"player{i}"));
        }

        var results = await Task.WhenAll(accounts.Select(account => Task.Run(() =>
            _store.CreateCharacterAsync(account.Id, "Highlander", limit: 5))));

        Assert.Single(results.OfType<CreateCharacterResult.Created>());
        Assert.Equal(9, results.OfType<CreateCharacterResult.NameTaken>().Count());
    }

    [Fact]
    public async Task A_character_for_an_unknown_account_is_refused()
    {
        var result = await _store.CreateCharacterAsync("no-such-account", "Ghost", limit: 5);

        Assert.IsType<CreateCharacterResult.AccountMissing>(result);
        Assert.Null(await _store.FindCharacterByNameAsync("Ghost"));
    }

    private async Task<Account> CreateAccountAsync(string username) =>
        Assert.IsType<CreateAccountResult.Created>(await _store.CreateAccountAsync(username, $"{username}@example.com", "hash")).Account;

    [Fact]
    public async Task A_character_is_homed_where_it_was_created_and_can_move()
    {
        var alice = await CreateAccountAsync("alice");
        Assert.IsType<CreateCharacterResult.Created>(await _store.CreateCharacterAsync(alice.Id, "Wren", 5, homeRegion: "lhr"));
        await CreateCharacterAsync(alice.Id, "Osric");

        // Looked up by entity id (the name key); a character without a recorded home is left out (the primary region).
        Assert.Equal(new Dictionary<string, string> { ["wren"] = "lhr" }, await _store.HomeRegionsAsync(["wren", "osric", "nobody"]));

        Assert.True(await _store.SetHomeRegionAsync("wren", "nrt"));
        Assert.True(await _store.SetHomeRegionAsync("osric", "iad"));
        Assert.False(await _store.SetHomeRegionAsync("nobody", "iad"));
        Assert.Equal(
            new Dictionary<string, string> { ["wren"] = "nrt", ["osric"] = "iad" },
            await new CharacterHomeDirectory(_store).HomesOfAsync(["wren", "osric"]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => new CharacterHomeDirectory(_store).SetHomeAsync("nobody", "lhr"));
    }

    [Fact]
    public async Task Homes_of_many_characters_are_read_in_bounded_statements()
    {
        var owner = await CreateAccountAsync("owner");
        var names = Enumerable.Range(0, 450).Select(i => $"Char{i:000}").ToList();
        foreach (var name in names)
        {
            Assert.IsType<CreateCharacterResult.Created>(await _store.CreateCharacterAsync(owner.Id, name, 1000, homeRegion: "nrt"));
        }

        var homes = await _store.HomeRegionsAsync(names.Select(n => n.ToLowerInvariant()).ToList());

        Assert.Equal(450, homes.Count);
        Assert.All(homes.Values, home => Assert.Equal("nrt", home));
    }

    private async Task<CharacterRecord> CreateCharacterAsync(string accountId, string name, int limit = 5) =>
        Assert.IsType<CreateCharacterResult.Created>(await _store.CreateCharacterAsync(accountId, name, limit)).Character;
}
