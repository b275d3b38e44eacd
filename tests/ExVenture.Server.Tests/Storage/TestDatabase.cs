using ExVenture.Server.Configuration;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Storage;

/// <summary>Where a test's fresh database comes from; the same tests run once per provider through the generic test classes.</summary>
public abstract class TestDatabase : IDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Settings for a new, empty database.</summary>
    public abstract Task<DatabaseSettings> CreateAsync();

    public virtual void Dispose()
    {
        GC.SuppressFinalize(this);
    }
}

/// <summary>A fresh database on the test PostgreSQL server.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override async Task<DatabaseSettings> CreateAsync() =>
        DatabaseSettings.ForPostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("server_tests"));

}

/// <summary>A fresh SQLite file in a temporary folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly TempDirectory _directory = new("exventure-sqlite");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override Task<DatabaseSettings> CreateAsync() =>
        Task.FromResult(DatabaseSettings.ForSqliteFile(_directory.File($"{Guid.NewGuid():N}.db")));

    public override void Dispose()
    {
        _directory.Dispose();
        base.Dispose();
    }
}
