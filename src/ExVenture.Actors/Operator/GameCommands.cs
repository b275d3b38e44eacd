using Akka.Actor;
using Akka.Cluster;
using ExVenture.Actors.Presence;
using ExVenture.Operations;
using static ExVenture.Actors.Presence.PresenceMessages;

namespace ExVenture.Actors.Operator;

/// <summary>
/// The <c>game</c> palette's player commands, cluster-wide: every member's presence actor knows the sessions on its
/// node, so <c>who</c>, <c>kick</c> and <c>wall</c> ask each of them (one round trip per node) and merge the answers.
/// A member that does not answer in time is named in the reply rather than failing the whole command.
/// </summary>
public sealed class GameCommands(ActorSystem system)
{
    public const string KickMessage = "An operator has disconnected you.";
    private static readonly TimeSpan MemberTimeout = TimeSpan.FromSeconds(3);

    public async Task<CommandResponse> WhoAsync()
    {
        var (answers, silent) = await AskEveryNodeAsync<SessionList>(ListSessions.Instance).ConfigureAwait(false);
        var players = answers
            .SelectMany(a => a.Names.Select(name => new PlayerView(name, a.Node, a.Region)))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var lines = players.Select(p => $"{p.Name} | {p.Node} | {p.Region}")
            .Append($"Count: {players.Count} players")
            .Concat(silent.Select(node => $"No answer from {node}: its players are missing above"));
        return OperatorReplies.Ok(string.Join('\n', lines), new { Players = players, Count = players.Count, Unanswered = silent });
    }

    public async Task<CommandResponse> KickAsync(string name)
    {
        var (answers, silent) = await AskEveryNodeAsync<KickDone>(new Kick(name, KickMessage)).ConfigureAwait(false);
        var kicked = answers.Where(a => a.Sessions > 0).ToList();
        var data = new { Character = name, Nodes = kicked.Select(k => k.Node).ToList(), Unanswered = silent };
        if (kicked.Count == 0)
        {
            return OperatorReplies.Failed(
                silent.Count == 0 ? $"{name} is not online." : $"{name} is not online on the nodes that answered (no answer from {string.Join(", ", silent)}).",
                data: data);
        }

        return OperatorReplies.Ok($"Disconnected {name} on {string.Join(", ", kicked.Select(k => k.Node))}.", data);
    }

    /// <summary>Where a character's entity runs and where it is homed (asked of its host, through sharding).</summary>
    public async Task<CommandResponse> WhereAsync(string name)
    {
        var characters = await Akka.Hosting.ActorRegistry.For(system).GetAsync<Sharding.CharacterRegion>().ConfigureAwait(false);
        try
        {
            var at = await characters.Ask<Characters.CharacterPlacement.Located>(
                new Characters.CharacterPlacement.Locate(Domain.Characters.CharacterIds.FromName(name)), MemberTimeout).ConfigureAwait(false);
            var away = at.HomeRegion == at.NodeRegion ? "" : " (away from home: its region has no node, or it is moving)";
            return OperatorReplies.Ok($"{name}: home {at.HomeRegion}, running on {at.Node} in {at.NodeRegion}{away}", at);
        }
        catch (AskTimeoutException)
        {
            return OperatorReplies.Failed($"{name}'s entity did not answer within {MemberTimeout.TotalSeconds:0} s.");
        }
    }

    public async Task<CommandResponse> WallAsync(string text)
    {
        var (answers, silent) = await AskEveryNodeAsync<WallDone>(new Wall(text)).ConfigureAwait(false);
        var players = answers.Sum(a => a.Sessions);
        var lines = new[] { $"Sent to {players} players on {answers.Count} nodes." }
            .Concat(silent.Select(node => $"No answer from {node}: its players may not have seen it"));
        return OperatorReplies.Ok(string.Join('\n', lines), new { Players = players, Nodes = answers.Count, Unanswered = silent });
    }

    /// <summary>Asks the presence actor of every member that may have players (Up, WeaklyUp, Leaving) and this node.</summary>
    private async Task<(List<T> Answers, List<string> Silent)> AskEveryNodeAsync<T>(object question)
    {
        var cluster = Cluster.Get(system);
        var nodes = cluster.State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .Select(m => m.Address)
            .Append(cluster.SelfAddress)
            .Distinct()
            .ToList();
        var asks = nodes.Select(async node =>
        {
            var presence = system.ActorSelection(new RootActorPath(node) / "user" / PresenceActor.Name);
            try
            {
                return (Node: node, Answer: (T?)await presence.Ask<T>(question, MemberTimeout).ConfigureAwait(false));
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return (Node: node, Answer: default(T));
            }
        });
        var results = await Task.WhenAll(asks).ConfigureAwait(false);
        return (
            results.Where(r => r.Answer is not null).Select(r => r.Answer!).ToList(),
            results.Where(r => r.Answer is null).Select(r => r.Node.ToString()).ToList());
    }

    private sealed record PlayerView(string Name, string Node, string Region);
}
