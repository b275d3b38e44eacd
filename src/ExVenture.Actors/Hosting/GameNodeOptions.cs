namespace ExVenture.Actors.Hosting;

public enum JournalProvider
{
    PostgreSql,
    Sqlite,
}

/// <summary>Where entities persist: the SQL journal and snapshot store (Akka.Persistence.Sql).</summary>
/// <param name="AutoInitialize">Create missing journal tables at start (development); production runs `migrate` instead.</param>
public sealed record JournalOptions(JournalProvider Provider, string ConnectionString, bool AutoInitialize)
{
    public string ProviderName => Provider switch
    {
        JournalProvider.PostgreSql => LinqToDB.ProviderName.PostgreSQL15,
        JournalProvider.Sqlite => LinqToDB.ProviderName.SQLiteMS,
        _ => throw new ArgumentOutOfRangeException(nameof(Provider), Provider, null),
    };
}

/// <summary>How this node joins the cluster.</summary>
/// <param name="Hostname">The address other nodes reach this node at.</param>
/// <param name="Port">Remoting port; 0 picks a free one (fine for a one-node cluster).</param>
/// <param name="Seeds">Seed node addresses (host:port); empty means this node forms a cluster of its own.</param>
/// <param name="Roles">Cluster roles, the region's role (<see cref="Regions.Role"/>) among them.</param>
/// <param name="BindHostname">The local address remoting listens on, when it differs from <paramref name="Hostname"/>
/// (behind NAT, or 0.0.0.0 in a container).</param>
/// <param name="Region">The region this node runs in (FLY_REGION, else REGION).</param>
/// <param name="PrimaryRegion">The region of the primary database (PRIMARY_REGION).</param>
public sealed record ClusterNodeOptions(
    string Hostname,
    int Port,
    IReadOnlyList<string> Seeds,
    IReadOnlyList<string> Roles,
    string? BindHostname = null,
    string Region = Regions.Local,
    string PrimaryRegion = Regions.Local)
{
    /// <summary>WAN emulation, for tests and benchmarks only: one-way delays of the connections this node opens,
    /// by <c>host:port</c> (<see cref="ExVenture.Actors.Wan.WanEmulation"/>). Null or empty: off.</summary>
    public IReadOnlyDictionary<string, TimeSpan>? WanOneWayDelays { get; init; }

    /// <summary>How far regions are from each other (REGION_DISTANCES); null: every other region equally far.</summary>
    public ExVenture.Actors.Sharding.RegionDistances? RegionDistances { get; init; }
}

public sealed record GameNodeOptions(ClusterNodeOptions Cluster, JournalOptions Journal)
{
    public const string ActorSystemName = "exventure";

    /// <summary>Number of shards per entity type: ten times the largest expected node count is the usual rule.</summary>
    public int ShardsPerEntityType { get; init; } = 100;

    /// <summary>How far regions are from each other: where a room goes when its home region has no node
    /// (<see cref="ExVenture.Actors.Sharding.RegionHomedAllocation"/>). Default: every other region equally far.</summary>
    public ExVenture.Actors.Sharding.RegionDistances RegionDistances { get; init; } = ExVenture.Actors.Sharding.RegionDistances.Equal;

    /// <summary>Where characters are homed; <see cref="ExVenture.Actors.Characters.PrimaryRegionHomes"/> (all in the primary
    /// region, never moving) unless the server gives its accounts database.</summary>
    public ExVenture.Actors.Characters.ICharacterHomes CharacterHomes { get; init; } = ExVenture.Actors.Characters.PrimaryRegionHomes.Instance;

    /// <summary>Per-region databases (DATABASE_URL_&lt;REGION&gt;), by lower-case region code: the journal and snapshots of
    /// entities homed in that region go there (<see cref="ExVenture.Actors.Persistence.RegionJournals"/>). Regions
    /// not listed use <see cref="Journal"/>, the primary database. Default: none.</summary>
    public IReadOnlyDictionary<string, JournalOptions> RegionJournals { get; init; } = new Dictionary<string, JournalOptions>();

    /// <summary>Folder holding the HOCON files loaded under the code configuration (hocon/ beside the binary).</summary>
    public string? HoconDirectory { get; init; }

    /// <summary>How the node finds its seeds; null: the seeds in <see cref="ClusterNodeOptions.Seeds"/>.</summary>
    public ExVenture.Actors.ClusterFormation.ISeedDiscovery? Discovery { get; init; }

    /// <summary>What the node's operator actor needs (world folder, region, recent log lines).</summary>
    public ExVenture.Actors.Operator.OperatorNodeOptions Operator { get; init; } = ExVenture.Actors.Operator.OperatorNodeOptions.Default;
}
