using System.Data.Common;
using ExVenture.Server.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExVenture.Server.Storage;

/// <summary>
/// Brings the database schema up to date, one numbered step at a time, and tells whether it is current.
/// <para>
/// Components run in order: <see cref="AppSchema"/> first, then the ones given (e.g. the Akka journal tables).
/// Each component's version lives in <c>schema_version (component, version)</c>.
/// </para>
/// <para>
/// Safe when several processes migrate at once: everything runs in one transaction under an exclusive lock,
/// <c>pg_advisory_lock</c> held on a dedicated connection for PostgreSQL, <c>BEGIN IMMEDIATE</c> for SQLite.
/// A failing step rolls the whole migration back.
/// </para>
/// </summary>
public sealed class SchemaMigrator
{
    /// <summary>The advisory-lock key every ExVenture node uses for schema changes ("ExVe" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4578_5665;

    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version integer NOT NULL)";

    private const string ReadVersion = "SELECT version FROM schema_version WHERE component = @component";

    private const string WriteVersion = """
        INSERT INTO schema_version (component, version) VALUES (@component, @version)
        ON CONFLICT (component) DO UPDATE SET version = excluded.version
        """;

    private readonly DbConnectionFactory _connections;
    private readonly ILogger _logger;

    /// <param name="connections">The database to migrate.</param>
    /// <param name="additionalComponents">Components after <see cref="AppSchema.Component"/>, in order (from DI: every registered <see cref="SchemaComponent"/>).</param>
    /// <param name="logger">Where applied steps are reported.</param>
    public SchemaMigrator(DbConnectionFactory connections, IEnumerable<SchemaComponent> additionalComponents, ILogger<SchemaMigrator>? logger = null)
    {
        _connections = connections;
        _logger = logger ?? NullLogger<SchemaMigrator>.Instance;
        Components = [AppSchema.Component, .. additionalComponents.Where(c => !ReferenceEquals(c, AppSchema.Component))];
        if (Components.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Schema component '{duplicate.Key}' is listed twice.", nameof(additionalComponents));
        }
    }

    /// <summary>A migrator for the app tables alone.</summary>
    public SchemaMigrator(DbConnectionFactory connections)
        : this(connections, [])
    {
    }

    public IReadOnlyList<SchemaComponent> Components { get; }

    /// <summary>Applies every pending step of every component; idempotent. Returns what was applied ("app 1: accounts and characters").</summary>
    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(async (context, ct) =>
        {
            await context.ExecuteAsync(CreateVersionTable, ct).ConfigureAwait(false);
            var applied = new List<string>();
            foreach (var component in Components)
            {
                var current = await ReadVersionAsync(context, component.Name, ct).ConfigureAwait(false);
                foreach (var step in component.Steps.Where(s => s.Version > current))
                {
                    await step.ApplyAsync(context, ct).ConfigureAwait(false);
                    await context.ExecuteAsync(WriteVersion, ct, ("@component", component.Name), ("@version", step.Version)).ConfigureAwait(false);
                    var description = $"{component.Name} {step.Version}: {step.Description}";
                    _logger.LogInformation("Applied schema step {Step}", description);
                    applied.Add(description);
                }
            }

            return (IReadOnlyList<string>)applied;
        }, cancellationToken);

    /// <inheritdoc cref="RunExclusiveAsync{T}"/>
    public Task RunExclusiveAsync(Func<MigrationContext, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunExclusiveAsync(async (context, ct) =>
        {
            await work(context, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction under the schema lock that <see cref="MigrateAsync"/> takes,
    /// so nothing else changes the schema meanwhile; commits when it returns, rolls back when it throws.
    /// </summary>
    public async Task<T> RunExclusiveAsync<T>(Func<MigrationContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var provider = _connections.Provider;
        if (provider == DatabaseProvider.PostgreSql)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", cancellationToken, null, ("@key", AdvisoryLockKey)).ConfigureAwait(false);
        }

        try
        {
            await using var transaction = await connection.BeginWriteTransactionAsync(cancellationToken).ConfigureAwait(false);
            var result = await work(new MigrationContext(connection, transaction, provider), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                await ReleaseAdvisoryLockAsync(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether every component is at (or past) the version this release expects. Reads only; creates nothing.</summary>
    public async Task<SchemaStatus> CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var context = new MigrationContext(connection, transaction, _connections.Provider);
        var hasVersionTable = await VersionTableExistsAsync(context, cancellationToken).ConfigureAwait(false);
        var statuses = new List<ComponentStatus>();
        foreach (var component in Components)
        {
            var version = hasVersionTable ? await ReadVersionAsync(context, component.Name, cancellationToken).ConfigureAwait(false) : 0;
            statuses.Add(new ComponentStatus(component.Name, version, component.LatestVersion));
        }

        return new SchemaStatus(statuses);
    }

    private async Task ReleaseAdvisoryLockAsync(DbConnection connection)
    {
        try
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", CancellationToken.None, null, ("@key", AdvisoryLockKey)).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            // The connection is broken; the server drops a session's advisory locks when the session ends.
            _logger.LogWarning(ex, "Could not release the schema lock explicitly");
        }
    }

    private static async Task<bool> VersionTableExistsAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        var sql = context.Provider == DatabaseProvider.PostgreSql
            ? "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_version' AND schemaname = current_schema()"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        return Convert.ToInt64(await context.ScalarAsync(sql, cancellationToken).ConfigureAwait(false)) > 0;
    }

    private static async Task<int> ReadVersionAsync(MigrationContext context, string component, CancellationToken cancellationToken) =>
        await context.ScalarAsync(ReadVersion, cancellationToken, ("@component", component)).ConfigureAwait(false) is { } version
            ? Convert.ToInt32(version)
            : 0;
}
