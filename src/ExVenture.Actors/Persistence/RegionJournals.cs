using ExVenture.Actors.Hosting;

namespace ExVenture.Actors.Persistence;

/// <summary>Where one entity's events and snapshots go: the Akka.Persistence plugin ids its actor uses.
/// Empty ids mean Akka's default plugins (the primary database).</summary>
public sealed record EntityJournal(string JournalPluginId, string SnapshotPluginId)
{
    /// <summary>The default journal and snapshot store: the primary database (DATABASE_URL).</summary>
    public static EntityJournal Primary { get; } = new("", "");
}

/// <summary>
/// Which journal an entity homed in a region writes to. A region with a database of its own (DATABASE_URL_&lt;REGION&gt;)
/// gets its own Akka.Persistence.Sql journal and snapshot store, registered as non-default plugins under
/// <c>akka.persistence.journal.sql-&lt;region&gt;</c> and <c>akka.persistence.snapshot-store.sql-&lt;region&gt;</c>, so its
/// writes stay close to the nodes that own its rooms and its outage stays its own (each plugin has its own
/// connection pool and circuit breaker). Every other region uses the default plugins, the primary database.
/// </summary>
public sealed class RegionJournals
{
    /// <summary>The identifier prefix of region plugins; the full identifier is <c>sql-&lt;region&gt;</c>.</summary>
    public const string IdentifierPrefix = "sql-";

    private readonly Dictionary<string, EntityJournal> _journals;

    /// <param name="regionDatabases">Region code (lower case) to that region's database; may be empty.</param>
    public RegionJournals(IReadOnlyDictionary<string, JournalOptions> regionDatabases)
    {
        ArgumentNullException.ThrowIfNull(regionDatabases);
        _journals = regionDatabases.Keys.ToDictionary(
            region => region,
            region => new EntityJournal(JournalPluginId(region), SnapshotPluginId(region)),
            StringComparer.Ordinal);
    }

    /// <summary>No region has a database of its own: everything goes to the primary.</summary>
    public static RegionJournals None { get; } = new(new Dictionary<string, JournalOptions>());

    /// <summary>The regions with a database of their own.</summary>
    public IReadOnlyCollection<string> Regions => _journals.Keys;

    /// <summary>The journal of entities homed in <paramref name="homeRegion"/>: its own, else the primary.</summary>
    public EntityJournal For(string homeRegion) => _journals.GetValueOrDefault(homeRegion, EntityJournal.Primary);

    /// <summary>The plugin identifier (the last part of the plugin id) for a region's journal and snapshot store.</summary>
    public static string Identifier(string region) => IdentifierPrefix + region;

    public static string JournalPluginId(string region) => "akka.persistence.journal." + Identifier(region);

    public static string SnapshotPluginId(string region) => "akka.persistence.snapshot-store." + Identifier(region);
}
