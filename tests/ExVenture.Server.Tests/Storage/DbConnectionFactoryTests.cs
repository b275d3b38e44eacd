using System.Data;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Storage;

public sealed class DbConnectionFactoryTests
{
    [Fact]
    public async Task Sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys_and_the_folder_is_created()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "nested", "deeper", "game.db");
        await using var factory = new DbConnectionFactory(DatabaseSettings.ForSqliteFile(file));

        await using var connection = await factory.OpenConnectionAsync();

        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.True(File.Exists(file));
        Assert.Equal("wal", await connection.ScalarAsync("PRAGMA journal_mode", default));
        Assert.Equal(30000L, await connection.ScalarAsync("PRAGMA busy_timeout", default));
        Assert.Equal(1L, await connection.ScalarAsync("PRAGMA foreign_keys", default));
        Assert.Equal(30, connection.CreateCommand().CommandTimeout);
    }

    [Fact]
    public async Task PostgreSql_connections_open_on_the_configured_database()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("factory");
        await using var factory = new DbConnectionFactory(DatabaseSettings.ForPostgreSql(connectionString, maxPoolSize: 3));

        await using var connection = await factory.OpenConnectionAsync();

        Assert.Equal(DatabaseProvider.PostgreSql, factory.Provider);
        Assert.Equal(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database, await connection.ScalarAsync("SELECT current_database()", default));
        Assert.Equal(3, new Npgsql.NpgsqlConnectionStringBuilder(factory.Settings.ConnectionString).MaxPoolSize);
    }
}
