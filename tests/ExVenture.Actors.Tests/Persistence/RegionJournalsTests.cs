using Akka.Hosting;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Tests.Entities;
using ExVenture.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ExVenture.Actors.Tests.Persistence;

/// <summary>Region journals: which plugin a home region picks, and that each region's plugins are configured like the default ones.</summary>
public sealed class RegionJournalsTests
{
    private static readonly JournalOptions Primary = new(JournalProvider.PostgreSql, "Host=primary;Database=exventure", AutoInitialize: false);
    private static readonly JournalOptions Nrt = new(JournalProvider.PostgreSql, "Host=nrt-db;Database=exventure_nrt", AutoInitialize: false);

    [Fact]
    public void A_region_with_a_database_gets_its_own_plugins_and_every_other_region_the_primarys()
    {
        var journals = new RegionJournals(new Dictionary<string, JournalOptions> { ["nrt"] = Nrt });

        Assert.Equal(new EntityJournal("akka.persistence.journal.sql-nrt", "akka.persistence.snapshot-store.sql-nrt"), journals.For("nrt"));
        Assert.Equal(EntityJournal.Primary, journals.For("iad"));
        Assert.Equal(EntityJournal.Primary, RegionJournals.None.For("nrt"));
        Assert.Equal(["nrt"], journals.Regions);
    }

    [Fact]
    public void Region_plugins_get_their_database_and_the_same_hocon_settings_as_the_default_plugins()
    {
        // The repository's HOCON, with values of its own (its real ones happen to equal the plugin's defaults).
        using var hocon = new TempDirectory("exventure-hocon");
        foreach (var file in Directory.GetFiles(RepositoryPaths.Hocon, "*.hocon"))
        {
            File.Copy(file, Path.Combine(hocon.Path, Path.GetFileName(file)));
        }

        var persistence = Path.Combine(hocon.Path, "persistence.hocon");
        File.WriteAllText(persistence, File.ReadAllText(persistence)
            .Replace("batch-size = 100", "batch-size = 37", StringComparison.Ordinal)
            .Replace("buffer-size = 5000", "buffer-size = 4321", StringComparison.Ordinal));

        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), GameNodeOptions.ActorSystemName);
        builder.AddGameActors(TinyWorld.Create(), new GameNodeOptions(new ClusterNodeOptions("127.0.0.1", 0, [], []), Primary)
        {
            HoconDirectory = hocon.Path,
            RegionJournals = new Dictionary<string, JournalOptions> { ["nrt"] = Nrt },
        });
        var config = builder.Configuration.Value;

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal(Primary.ConnectionString, config.GetString("akka.persistence.journal.sql.connection-string"));

        var journal = config.GetConfig("akka.persistence.journal.sql-nrt");
        var snapshots = config.GetConfig("akka.persistence.snapshot-store.sql-nrt");
        Assert.Equal(Nrt.ConnectionString, journal.GetString("connection-string"));
        Assert.Equal(Nrt.ConnectionString, snapshots.GetString("connection-string"));
        Assert.Equal(Nrt.ProviderName, journal.GetString("provider-name"));
        Assert.False(journal.GetBoolean("auto-initialize"));
        Assert.Equal(config.GetString("akka.persistence.journal.sql.class"), journal.GetString("class"));
        Assert.Equal(config.GetString("akka.persistence.snapshot-store.sql.class"), snapshots.GetString("class"));

        // hocon/persistence.hocon tunes the default journal; the region's journal must be tuned the same.
        foreach (var setting in new[] { "batch-size", "parallelism", "buffer-size", "table-mapping" })
        {
            Assert.Equal(config.GetString("akka.persistence.journal.sql." + setting), journal.GetString(setting));
        }

        Assert.Equal((37, 4321), (journal.GetInt("batch-size"), journal.GetInt("buffer-size")));
    }
}
