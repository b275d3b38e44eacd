using Akka.Actor;
using ExVenture.Operations;
using static ExVenture.Actors.Operator.OperatorPalettes;

namespace ExVenture.Actors.Operator;

/// <summary>Runs a parsed command: one entry per (palette, command) of <see cref="OperatorPalettes"/>, handed to the
/// class that knows that part of the node.</summary>
public sealed class OperatorCommands(ActorSystem system, OperatorNodeOptions options, Action requestShutdown)
{
    private readonly ClusterCommands _cluster = new(system, requestShutdown);
    private readonly ShardingCommands _sharding = new(system);
    private readonly NodeCommands _node = new(system, options);
    private readonly GameCommands _game = new(system);

    public Task<CommandResponse> RunAsync(ParsedCommand command) => (command.Palette, command.Name) switch
    {
        (Cluster, "show") => Task.FromResult(_cluster.Show()),
        (Cluster, "status") => Task.FromResult(_cluster.Status()),
        (Cluster, "leader") => Task.FromResult(_cluster.Leader()),
        (Cluster, "leave") => _cluster.LeaveAsync(),
        (Cluster, "join") => Task.FromResult(_cluster.Join(command.Switch("a")!)),
        (Cluster, "down") => Task.FromResult(_cluster.Down(command.Switch("a")!)),
        (Cluster, "down-unreachable") => Task.FromResult(_cluster.DownUnreachable()),
        (OperatorPalettes.Sharding, "regions") => Task.FromResult(_sharding.Regions()),
        (OperatorPalettes.Sharding, "region-stats") => _sharding.RegionStatsAsync(command.Switch("r")!),
        (OperatorPalettes.Sharding, "shard-stats") => _sharding.ShardStatsAsync(command.Switch("r")!),
        (Actor, "system") => Task.FromResult(_node.System()),
        (Actor, "hierarchy") => Task.FromResult(_node.Hierarchy(command.Number("d", 3))),
        (Game, "who") => _game.WhoAsync(),
        (Game, "kick") => _game.KickAsync(command.Words[0]),
        (Game, "where") => _game.WhereAsync(command.Words[0]),
        (Game, "wall") => _game.WallAsync(string.Join(' ', command.Words)),
        (Game, "world") => Task.Run(_node.WorldCheck),
        (Log, "peek") => Task.FromResult(_node.Peek(command.Number("n", 50))),
        _ => Task.FromResult(OperatorReplies.Failed($"'{command.Palette} {command.Name}' does not run as a single answer.")),
    };
}
