namespace ExVenture.Actors.ClusterFormation;

/// <summary>
/// Where a node finds the cluster it should join. Seeds from configuration today (<see cref="StaticSeeds"/>);
/// Fly's private DNS is another implementation of the same question.
/// </summary>
public interface ISeedDiscovery
{
    /// <summary>Seed nodes as host:port; empty means this node starts a cluster of its own.</summary>
    Task<IReadOnlyList<string>> FindSeedsAsync(CancellationToken cancellationToken);
}

/// <summary>The seeds named in <c>CLUSTER_SEEDS</c>.</summary>
public sealed class StaticSeeds(IReadOnlyList<string> seeds) : ISeedDiscovery
{
    public Task<IReadOnlyList<string>> FindSeedsAsync(CancellationToken cancellationToken) => Task.FromResult(seeds);
}
