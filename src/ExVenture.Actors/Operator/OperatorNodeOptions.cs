namespace ExVenture.Actors.Operator;

/// <summary>What the operator actor needs to know about its node beyond the actor system.</summary>
/// <param name="WorldDirectory">WORLD_DIR, for <c>game world check</c>.</param>
/// <param name="Region">Where this node runs (<see cref="Hosting.ClusterNodeOptions.Region"/>), for <c>game who</c>.</param>
/// <param name="Log">The node's recent log lines, for <c>log peek</c>; null when nothing feeds them.</param>
public sealed record OperatorNodeOptions(string WorldDirectory, string Region, RecentLogLines? Log = null)
{
    /// <summary>Defaults for a node whose host says nothing: the world beside the binary, region "local", no log.</summary>
    public static OperatorNodeOptions Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "world"), Hosting.Regions.Local);
}
