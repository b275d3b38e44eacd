using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>The <c>cluster-sharding</c> palette, asked of this node's real shard regions (never proxies), which
/// gather the figures of every node.</summary>
public sealed class ShardingCommands(ActorSystem system)
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public CommandResponse Regions()
    {
        var types = ClusterSharding.Get(system).ShardTypeNames.Order(StringComparer.Ordinal).ToList();
        return OperatorReplies.Ok(types.Count == 0 ? "No shard regions." : string.Join('\n', types), new { Regions = types });
    }

    public async Task<CommandResponse> RegionStatsAsync(string type)
    {
        if (await StatsAsync(type).ConfigureAwait(false) is not { } stats)
        {
            return UnknownType(type);
        }

        var nodes = stats.Regions
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .Select(r => new NodeStats(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum(), r.Value.Failed?.Order(StringComparer.Ordinal).ToList() ?? []))
            .ToList();
        var lines = nodes.Select(n => $"{n.Node} | shards: {n.Shards} | entities: {n.Entities}{(n.FailedShards.Count > 0 ? $" | no answer from shards: {string.Join(", ", n.FailedShards)}" : "")}")
            .Append($"Total: {nodes.Sum(n => n.Shards)} shards, {nodes.Sum(n => n.Entities)} entities on {nodes.Count} nodes");
        return OperatorReplies.Ok(string.Join('\n', lines), new { Type = type, Nodes = nodes });
    }

    public async Task<CommandResponse> ShardStatsAsync(string type)
    {
        if (await StatsAsync(type).ConfigureAwait(false) is not { } stats)
        {
            return UnknownType(type);
        }

        var shards = stats.Regions
            .SelectMany(r => r.Value.Stats.Select(s => new ShardStats(s.Key, s.Value, r.Key.ToString())))
            // Room shards are "<region>|<n>" (Sharding/RoomSharding), character shards plain "<n>": by region, then number.
            .OrderBy(s => s.Shard.Contains('|', StringComparison.Ordinal) ? s.Shard[..s.Shard.IndexOf('|', StringComparison.Ordinal)] : "", StringComparer.Ordinal)
            .ThenBy(s => int.TryParse(s.Shard[(s.Shard.IndexOf('|', StringComparison.Ordinal) + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
            .ThenBy(s => s.Shard, StringComparer.Ordinal)
            .ToList();
        var lines = shards.Select(s => $"shard {s.Shard} | entities: {s.Entities} | {s.Node}")
            .Append($"Count: {shards.Count} shards, {shards.Sum(s => s.Entities)} entities");
        return OperatorReplies.Ok(string.Join('\n', lines), new { Type = type, Shards = shards });
    }

    /// <summary>Every node's figures for the type, or null when this node has no region of that type.</summary>
    private async Task<ClusterShardingStats?> StatsAsync(string type)
    {
        var sharding = ClusterSharding.Get(system);
        if (!sharding.ShardTypeNames.Contains(type))
        {
            return null;
        }

        return await sharding.ShardRegion(type)
            .Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(2))
            .ConfigureAwait(false);
    }

    private CommandResponse UnknownType(string type) =>
        OperatorReplies.Failed($"No entity type '{type}'; known: {string.Join(", ", ClusterSharding.Get(system).ShardTypeNames.Order(StringComparer.Ordinal))}.");

    private sealed record NodeStats(string Node, int Shards, int Entities, IReadOnlyList<string> FailedShards);

    private sealed record ShardStats(string Shard, int Entities, string Node);
}
