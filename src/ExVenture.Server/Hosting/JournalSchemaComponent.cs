using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;

namespace ExVenture.Server.Hosting;

/// <summary>The Akka journal and snapshot tables as a versioned part of the schema, migrated with the app tables.</summary>
public static class JournalSchemaComponent
{
    public static SchemaComponent For(JournalOptions journal) => new("journal",
    [
        new SchemaStep(1, "Akka.Persistence.Sql journal, tags and snapshot tables", (context, cancellationToken) =>
            // SQLite (the embedded development store) lets the plugin create its tables at start; running the plugin
            // here would wait forever on the migration's own write lock.
            context.Provider == DatabaseProvider.PostgreSql
                ? JournalSchema.CreateAsync(journal, cancellationToken)
                : Task.CompletedTask),
    ]);

    public static JournalOptions JournalFor(ServerSettings settings) => settings.Database.Provider switch
    {
        DatabaseProvider.PostgreSql => new JournalOptions(JournalProvider.PostgreSql, settings.Database.ConnectionString, AutoInitialize: false),
        DatabaseProvider.Sqlite => new JournalOptions(JournalProvider.Sqlite, settings.Database.ConnectionString, AutoInitialize: true),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Database.Provider, null),
    };
}
