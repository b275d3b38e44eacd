using System.Diagnostics;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;
using ExVenture.TestSupport;
using Microsoft.Data.Sqlite;

namespace ExVenture.Server.Tests.Storage;

/// <summary>The schema lock really excludes: observed through each database's own view of who waits or who is locked out.</summary>
public sealed class SchemaLockTests
{
    [Fact]
    public async Task PostgreSql_a_second_migration_waits_on_the_advisory_lock_until_the_first_finishes()
    {
        var settings = DatabaseSettings.ForPostgreSql(await PostgresServer.Shared.CreateDatabaseAsync("lock"));
        await using var first = new DbConnectionFactory(settings);
        await using var second = new DbConnectionFactory(settings);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holder = new SchemaMigrator(first).RunExclusiveAsync(async (_, _) =>
        {
            entered.SetResult();
            await release.Task;
        });
        await entered.Task;
        var waiter = new SchemaMigrator(second).MigrateAsync();
        await WaitForAdvisoryLockWaiterAsync(first);

        Assert.False(waiter.IsCompleted);
        release.SetResult();
        await holder;
        Assert.Equal(AppSchema.Component.Steps.Count, (await waiter).Count);
    }

    [Fact]
    public async Task Sqlite_while_the_lock_is_held_other_writers_are_locked_out()
    {
        using var directory = new TempDirectory();
        var settings = DatabaseSettings.ForSqliteFile(directory.File("lock.db"));
        await using var factory = new DbConnectionFactory(settings);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holder = Task.Run(() => new SchemaMigrator(factory).RunExclusiveAsync(async (_, _) =>
        {
            entered.SetResult();
            await release.Task;
        }));
        await entered.Task;

        await using (var intruder = new SqliteConnection(settings.ConnectionString))
        {
            await intruder.OpenAsync();
            await using var write = intruder.CreateCommand();
            write.CommandText = "CREATE TABLE intruder (id integer)";
            write.CommandTimeout = 1; // a write would go through at once if the lock were not held
            var busy = await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        }

        release.SetResult();
        await holder;
        await using var connection = await factory.OpenConnectionAsync();
        await connection.ExecuteAsync("CREATE TABLE intruder (id integer)", default);
    }

    private static async Task WaitForAdvisoryLockWaiterAsync(DbConnectionFactory factory)
    {
        const string waiting = """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND objid = @objid
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """;
        var deadline = Stopwatch.StartNew();
        await using var connection = await factory.OpenConnectionAsync();
        while (Convert.ToInt64(await connection.ScalarAsync(waiting, default, null, ("@objid", (long)(SchemaMigrator.AdvisoryLockKey & 0xFFFF_FFFF)))) == 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "The second migration never queued on the advisory lock.");
            await Task.Delay(20); // polling pg_locks for the waiter to appear
        }
    }
}
