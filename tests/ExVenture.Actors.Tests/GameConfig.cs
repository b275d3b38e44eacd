using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ExVenture.Actors.Hosting;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests;

/// <summary>Actor-system configuration for tests: the repository's own hocon/ files plus a real SQL journal.</summary>
public static class GameConfig
{
    /// <summary>Generous waits: a loaded 2-core CI machine may take seconds to create a journal's tables.</summary>
    private static readonly Config TestTimeouts = ConfigurationFactory.ParseString("akka.test.single-expect-default = 20s");

    public static Config Hocon() =>
        Directory.GetFiles(RepositoryPaths.Hocon, "*.hocon")
            .Order(StringComparer.Ordinal)
            .Select(f => ConfigurationFactory.ParseString(File.ReadAllText(f)))
            .Aggregate(TestTimeouts, (all, next) => all.WithFallback(next));

    /// <summary>A cluster node on a loopback port with sharding, a SQLite journal in <paramref name="databaseFile"/> and
    /// the repository's HOCON: what the server's hosting configures, minus ASP.NET Core.</summary>
    public static Config ClusterNode(string databaseFile, bool serializeEveryMessage = false) =>
        ConfigurationFactory.ParseString($$"""
            akka.actor.provider = cluster
            akka.actor.serialize-messages = {{(serializeEveryMessage ? "on" : "off")}}
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.sharding.state-store-mode = ddata
            """)
            .WithFallback(SqliteJournal(databaseFile))
            .WithFallback(Hocon())
            .WithFallback(Akka.Cluster.Sharding.ClusterSharding.DefaultConfig());

    /// <summary>Journal and snapshot store on a SQLite file (Akka.Persistence.Sql, the same plugin as production).</summary>
    public static Config SqliteJournal(string databaseFile) =>
        SqlJournal(SqliteOptions(databaseFile));

    /// <summary>The default journal and snapshot store on <paramref name="primaryFile"/>, and for each region of
    /// <paramref name="regionFiles"/> its own plugins on its own SQLite file, configured by the same code as a node's
    /// region databases (<see cref="GameActorsHostingExtensions.WithRegionJournals"/>), with the repository's HOCON.</summary>
    public static Config SqliteRegionJournals(string primaryFile, IReadOnlyDictionary<string, string> regionFiles)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), GameNodeOptions.ActorSystemName);
        var hocon = Hocon();
        builder.WithRegionJournals(
            regionFiles.ToDictionary(r => r.Key, r => SqliteOptions(r.Value)),
            hocon);
        return SqliteJournal(primaryFile).WithFallback(builder.Configuration.Value).WithFallback(hocon);
    }

    /// <summary>A SQLite database in <paramref name="databaseFile"/>, created on first use.</summary>
    public static JournalOptions SqliteOptions(string databaseFile) =>
        new(JournalProvider.Sqlite, $"Data Source={databaseFile};Default Timeout=30", AutoInitialize: true);

    /// <summary>Journal and snapshot store in a fresh database on the tests' PostgreSQL server (production's database).</summary>
    public static Config PostgreSqlJournal(string connectionString) =>
        SqlJournal(new JournalOptions(JournalProvider.PostgreSql, connectionString, AutoInitialize: true));

    private static Config SqlJournal(JournalOptions journal) =>
        ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal.plugin = "akka.persistence.journal.sql"
              journal.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = on }
              snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
              snapshot-store.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = on }
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
