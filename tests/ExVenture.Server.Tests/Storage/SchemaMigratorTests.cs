using System.Data.Common;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;

namespace ExVenture.Server.Tests.Storage;

public sealed class SchemaMigratorPostgreSqlTests : SchemaMigratorTests<PostgreSqlTestDatabase>;

public sealed class SchemaMigratorSqliteTests : SchemaMigratorTests<SqliteTestDatabase>;

public abstract class SchemaMigratorTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    /// <summary>The application's own steps, as the migrator reports them.</summary>
    private static readonly string[] AppSteps = [.. AppSchema.Component.Steps.Select(step => $"app {step.Version}: {step.Description}")];

    private static readonly int AppVersion = AppSchema.Component.Steps.Count;

    private readonly TDatabase _database = new();
    private readonly List<DbConnectionFactory> _factories = [];
    private DatabaseSettings _settings = null!;

    public async Task InitializeAsync() => _settings = await _database.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            await factory.DisposeAsync();
        }

        _database.Dispose();
    }

    [Fact]
    public async Task Check_is_false_before_migrating_and_true_after()
    {
        var migrator = new SchemaMigrator(NewFactory());

        var before = await migrator.CheckAsync();
        Assert.False(before.IsCurrent);
        Assert.Equal([new ComponentStatus("app", 0, AppVersion)], before.Components);
        Assert.Contains("migrate", before.Describe());

        await migrator.MigrateAsync();

        var after = await migrator.CheckAsync();
        Assert.True(after.IsCurrent);
        Assert.Equal([new ComponentStatus("app", AppVersion, AppVersion)], after.Components);
    }

    [Fact]
    public async Task Migrating_twice_applies_each_step_once()
    {
        var migrator = new SchemaMigrator(NewFactory());

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(AppSteps, first);
        Assert.Empty(second);
        Assert.True((await migrator.CheckAsync()).IsCurrent);
    }

    [Fact]
    public async Task Four_processes_migrating_at_once_apply_the_schema_exactly_once()
    {
        // Separate factories: separate pools, like separate nodes.
        var migrators = Enumerable.Range(0, 4).Select(_ => new SchemaMigrator(NewFactory())).ToList();

        var results = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.MigrateAsync())));

        Assert.Equal(1, results.Count(applied => applied.Count == AppVersion));
        Assert.Equal(3, results.Count(applied => applied.Count == 0));
        Assert.True((await migrators[0].CheckAsync()).IsCurrent);
    }

    [Fact]
    public async Task Additional_components_run_after_app_and_only_their_new_steps_run_later()
    {
        var factory = NewFactory();
        var version1 = new SchemaComponent("extra", [CreateTable(1, "extra_one")]);
        var version2 = new SchemaComponent("extra", [CreateTable(1, "extra_one"), CreateTable(2, "extra_two")]);

        var first = await new SchemaMigrator(factory, [version1]).MigrateAsync();
        var upgraded = new SchemaMigrator(factory, [version2]);
        var behind = await upgraded.CheckAsync();
        var second = await upgraded.MigrateAsync();

        Assert.Equal([.. AppSteps, "extra 1: create extra_one"], first);
        Assert.False(behind.IsCurrent);
        Assert.Contains("extra: database at version 1, this release needs 2", behind.Describe());
        Assert.Equal(["extra 2: create extra_two"], second);
        Assert.True((await upgraded.CheckAsync()).IsCurrent);
        await using var connection = await factory.OpenConnectionAsync();
        Assert.Equal(0L, Convert.ToInt64(await connection.ScalarAsync("SELECT count(*) FROM extra_two", default)));
    }

    [Fact]
    public async Task A_failing_step_rolls_the_whole_migration_back()
    {
        var factory = NewFactory();
        var failing = new SchemaComponent("extra", [new SchemaStep(1, "fails", (_, _) => throw new InvalidOperationException("boom"))]);
        var migrator = new SchemaMigrator(factory, [failing]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.MigrateAsync());

        Assert.Equal("boom", error.Message);
        var status = await migrator.CheckAsync();
        Assert.Equal([new ComponentStatus("app", 0, AppVersion), new ComponentStatus("extra", 0, 1)], status.Components);
        await using var connection = await factory.OpenConnectionAsync();
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ScalarAsync("SELECT count(*) FROM accounts", default));
    }

    [Fact]
    public async Task A_database_ahead_of_the_code_counts_as_current()
    {
        var factory = NewFactory();
        await new SchemaMigrator(factory, [new SchemaComponent("extra", [CreateTable(1, "a"), CreateTable(2, "b")])]).MigrateAsync();

        var older = await new SchemaMigrator(factory, [new SchemaComponent("extra", [CreateTable(1, "a")])]).CheckAsync();

        Assert.True(older.IsCurrent);
    }

    [Fact]
    public void Components_must_number_their_steps_from_one_without_gaps()
    {
        Assert.Throws<ArgumentException>(() => new SchemaComponent("x", [CreateTable(1, "a"), CreateTable(3, "b")]));
        Assert.Throws<ArgumentException>(() => new SchemaComponent("x", [CreateTable(2, "a")]));
    }

    [Fact]
    public void A_component_name_may_appear_only_once()
    {
        var factory = NewFactory();
        Assert.Throws<ArgumentException>(() => new SchemaMigrator(factory, [new SchemaComponent("app", [])]));
    }

    protected DbConnectionFactory NewFactory()
    {
        var factory = new DbConnectionFactory(_settings);
        _factories.Add(factory);
        return factory;
    }

    private static SchemaStep CreateTable(int version, string table) =>
        SchemaStep.Sql(version, $"create {table}", $"CREATE TABLE {table} (id integer)", $"CREATE TABLE {table} (id integer)");
}
