using System.Data.Common;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;

namespace ExVenture.Server.Accounts;

/// <summary>
/// Accounts and their characters, in the same SQL on PostgreSQL and SQLite.
/// Usernames and character names are unique case-insensitively through the <c>*_key</c> columns' unique constraints,
/// so concurrent requests for one name get exactly one winner.
/// </summary>
public sealed class AccountStore(DbConnectionFactory connections, TimeProvider time)
{
    private const string AccountColumns = "id, username, email, password_hash, created_at, email_verified_at, security_stamp";

    public async Task<CreateAccountResult> CreateAccountAsync(string username, string email, string passwordHash, CancellationToken cancellationToken = default)
    {
        var account = new Account(NewId(), username, email, passwordHash, Now(), SecurityStamp: NewStamp());
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO accounts (id, username, username_key, email, password_hash, created_at, security_stamp) VALUES (@id, @username, @key, @email, @hash, @created, @stamp)",
                cancellationToken,
                null,
                ("@id", account.Id), ("@username", username), ("@key", Key(username)), ("@email", email), ("@hash", passwordHash), ("@created", account.CreatedAt),
                ("@stamp", account.SecurityStamp)).ConfigureAwait(false);
            return new CreateAccountResult.Created(account);
        }
        catch (DbException ex) when (ex.IsUniqueViolation())
        {
            return new CreateAccountResult.UsernameTaken();
        }
    }

    /// <summary>The account with this username, compared case-insensitively.</summary>
    public async Task<Account?> FindAccountByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            $"SELECT {AccountColumns} FROM accounts WHERE username_key = @key", null, ("@key", Key(username)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccount(reader) : null;
    }

    public async Task<Account?> FindAccountByIdAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand($"SELECT {AccountColumns} FROM accounts WHERE id = @id", null, ("@id", accountId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccount(reader) : null;
    }

    /// <summary>Every account registered with this email, compared case-insensitively (an address may own several).</summary>
    public async Task<IReadOnlyList<Account>> FindAccountsByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            $"SELECT {AccountColumns} FROM accounts WHERE lower(email) = lower(@email) ORDER BY created_at LIMIT 20", null, ("@email", email));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(ReadAccount(reader));
        }

        return accounts;
    }

    /// <summary>Sets a new password hash and a new security stamp, which signs out other browsers and spends reset links.
    /// Returns the new stamp, or null when the account no longer exists.</summary>
    public async Task<string?> ChangePasswordHashAsync(string accountId, string passwordHash, CancellationToken cancellationToken = default)
    {
        var stamp = NewStamp();
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(
            "UPDATE accounts SET password_hash = @hash, security_stamp = @stamp WHERE id = @id",
            cancellationToken, null, ("@hash", passwordHash), ("@stamp", stamp), ("@id", accountId)).ConfigureAwait(false);
        return changed == 1 ? stamp : null;
    }

    /// <summary>Changes the email; it is unverified again until the new address's link is followed.</summary>
    public async Task<bool> ChangeEmailAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE accounts SET email = @email, email_verified_at = NULL WHERE id = @id",
            cancellationToken, null, ("@email", email), ("@id", accountId)).ConfigureAwait(false) == 1;
    }

    /// <summary>Marks the email verified, only if it is still <paramref name="email"/>: a link mailed to an old address verifies nothing.</summary>
    public async Task<bool> MarkEmailVerifiedAsync(string accountId, string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE accounts SET email_verified_at = @now WHERE id = @id AND email = @email",
            cancellationToken, null, ("@now", Now()), ("@id", accountId), ("@email", email)).ConfigureAwait(false) == 1;
    }

    /// <summary>Replaces an account's password hash (after a successful sign-in that asked for a rehash).</summary>
    public async Task UpdatePasswordHashAsync(string accountId, string passwordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "UPDATE accounts SET password_hash = @hash WHERE id = @id", cancellationToken, null, ("@hash", passwordHash), ("@id", accountId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates a character unless its name is taken or the account already has <paramref name="limit"/> characters.
    /// The account's row is locked for the count-then-insert (SQLite: the whole write is serialized), so the limit holds under concurrency.
    /// </summary>
    /// <param name="homeRegion">Where the character was created: its entity lives there (null: the primary region).</param>
    public async Task<CreateCharacterResult> CreateCharacterAsync(string accountId, string name, int limit, string? homeRegion = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginWriteTransactionAsync(cancellationToken).ConfigureAwait(false);
        var lockAccount = connections.Provider == DatabaseProvider.PostgreSql
            ? "SELECT id FROM accounts WHERE id = @id FOR UPDATE"
            : "SELECT id FROM accounts WHERE id = @id";
        if (await connection.ScalarAsync(lockAccount, cancellationToken, transaction, ("@id", accountId)).ConfigureAwait(false) is null)
        {
            return new CreateCharacterResult.AccountMissing();
        }

        var count = Convert.ToInt64(await connection.ScalarAsync(
            "SELECT count(*) FROM characters WHERE account_id = @id", cancellationToken, transaction, ("@id", accountId)).ConfigureAwait(false));
        if (count >= limit)
        {
            return new CreateCharacterResult.LimitReached(limit);
        }

        var character = new CharacterRecord(NewId(), accountId, name);
        try
        {
            await connection.ExecuteAsync(
                "INSERT INTO characters (id, account_id, name, name_key, created_at, home_region) VALUES (@id, @account, @name, @key, @created, @home)",
                cancellationToken,
                transaction,
                ("@id", character.Id), ("@account", accountId), ("@name", name), ("@key", Key(name)), ("@created", Now()), ("@home", homeRegion)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new CreateCharacterResult.Created(character);
        }
        catch (DbException ex) when (ex.IsUniqueViolation())
        {
            return new CreateCharacterResult.NameTaken();
        }
    }

    /// <summary>An account's characters, oldest first.</summary>
    public async Task<IReadOnlyList<CharacterRecord>> ListCharactersAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            "SELECT id, account_id, name FROM characters WHERE account_id = @id ORDER BY created_at, name_key", null, ("@id", accountId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var characters = new List<CharacterRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            characters.Add(ReadCharacter(reader));
        }

        return characters;
    }

    /// <summary>Removes the character's row if <paramref name="accountId"/> owns it; true when a row went.</summary>
    public async Task<bool> DeleteCharacterAsync(string accountId, string characterId, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "DELETE FROM characters WHERE id = @id AND account_id = @account",
            cancellationToken, null, ("@id", characterId), ("@account", accountId)).ConfigureAwait(false) == 1;
    }

    /// <summary>The character with this name, compared case-insensitively, whichever account owns it.</summary>
    public async Task<CharacterRecord?> FindCharacterByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(
            "SELECT id, account_id, name FROM characters WHERE name_key = @key", null, ("@key", Key(name)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadCharacter(reader) : null;
    }

    /// <summary>The recorded home regions of these characters (by name key); a character without one is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> HomeRegionsAsync(IReadOnlyCollection<string> nameKeys, CancellationToken cancellationToken = default)
    {
        var homes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (nameKeys.Count == 0)
        {
            return homes;
        }

        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in nameKeys.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            // One parameter per key: the same SQL on PostgreSQL and SQLite, and a bounded statement.
            var names = chunk.Select((_, i) => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            await using var command = connection.CreateCommand(
                $"SELECT name_key, home_region FROM characters WHERE home_region IS NOT NULL AND name_key IN ({string.Join(", ", names)})",
                null,
                chunk.Select((key, i) => (names[i], (object?)key)).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                homes[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return homes;
    }

    /// <summary>Records a character's new home region; false when no character has this name key.</summary>
    public async Task<bool> SetHomeRegionAsync(string nameKey, string region, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE characters SET home_region = @home WHERE name_key = @key",
            cancellationToken, null, ("@home", region), ("@key", nameKey)).ConfigureAwait(false) == 1;
    }

    /// <summary>The form stored in <c>*_key</c> columns.</summary>
    public static string Key(string name) => name.ToLowerInvariant();

    private static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>A random stamp; it only has to differ from every earlier one of the same account.</summary>
    private static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>UTC, to the microsecond: what PostgreSQL keeps, so a stored value reads back equal.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    private static Account ReadAccount(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetString(6));

    private static CharacterRecord ReadCharacter(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetString(2));
}
