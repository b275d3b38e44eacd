using System.Data.Common;
using ExVenture.Server.Configuration;

namespace ExVenture.Server.Storage;

/// <summary>
/// What a migration step sees: the migrator's connection and transaction (which holds the schema lock on SQLite),
/// and the provider, to pick its DDL. Steps must use this connection: on SQLite another connection would wait on the lock.
/// </summary>
public sealed record MigrationContext(DbConnection Connection, DbTransaction Transaction, DatabaseProvider Provider)
{
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Connection.ExecuteAsync(sql, cancellationToken, Transaction, parameters);

    public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Connection.ScalarAsync(sql, cancellationToken, Transaction, parameters);
}

/// <summary>One numbered change to a component's schema. Applied once, in order, and recorded in <c>schema_version</c>.</summary>
public sealed record SchemaStep(int Version, string Description, Func<MigrationContext, CancellationToken, Task> ApplyAsync)
{
    /// <summary>A step that runs one SQL script (several statements allowed), written per provider.</summary>
    public static SchemaStep Sql(int version, string description, string postgreSql, string sqlite) =>
        new(version, description, (context, cancellationToken) => context.ExecuteAsync(
            context.Provider == DatabaseProvider.PostgreSql ? postgreSql : sqlite,
            cancellationToken));
}

/// <summary>
/// A named, independently versioned part of the schema (this server's tables are "app"; the Akka journal can be another).
/// Steps are numbered 1, 2, 3, ... with no gaps; a new release appends steps and never edits shipped ones.
/// </summary>
public sealed record SchemaComponent
{
    public SchemaComponent(string name, IReadOnlyList<SchemaStep> steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Version != i + 1)
            {
                throw new ArgumentException($"Schema component '{name}': step {i + 1} is numbered {steps[i].Version}; steps must be numbered 1, 2, 3, ...", nameof(steps));
            }
        }

        Name = name;
        Steps = steps;
    }

    public string Name { get; }

    public IReadOnlyList<SchemaStep> Steps { get; }

    /// <summary>The version the code expects the database to be at.</summary>
    public int LatestVersion => Steps.Count;
}
