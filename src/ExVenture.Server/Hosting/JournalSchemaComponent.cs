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

    public static JournalOptions JournalFor(ServerSettings settings) => JournalFor(settings.Database);

    /// <summary>The journal of each region database (DATABASE_URL_&lt;REGION&gt;), by region code.</summary>
    public static IReadOnlyDictionary<string, JournalOptions> RegionJournalsFor(ServerSettings settings) =>
        settings.RegionDatabases.ToDictionary(r => r.Key, r => JournalFor(r.Value), StringComparer.Ordinal);

    /// <summary>
    /// Creates the journal tables in every region database (the release command's part for them). Region databases hold
    /// nothing but the journal, so they carry no schema_version: the plugin's own DDL is idempotent (CREATE TABLE IF NOT
    /// EXISTS) and runs again on every release. Returns the regions done, in order.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CreateRegionJournalsAsync(IReadOnlyDictionary<string, JournalOptions> regions, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        foreach (var (region, journal) in regions.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            await JournalSchema.CreateAsync(journal, cancellationToken);
            done.Add(region);
        }

        return done;
    }

    private static JournalOptions JournalFor(DatabaseSettings database) => database.Provider switch
    {
        DatabaseProvider.PostgreSql => new JournalOptions(JournalProvider.PostgreSql, database.ConnectionString, AutoInitialize: false),
        DatabaseProvider.Sqlite => new JournalOptions(JournalProvider.Sqlite, database.ConnectionString, AutoInitialize: true),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, null),
    };
}
