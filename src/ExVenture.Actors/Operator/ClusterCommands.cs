using Akka.Actor;
using Akka.Cluster;
using ExVenture.Actors.Hosting;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>The <c>cluster</c> palette: membership as this node sees it, and the changes operators make to it.</summary>
public sealed class ClusterCommands(ActorSystem system, Action requestShutdown)
{
    private Cluster Cluster => Cluster.Get(system);

    public CommandResponse Show()
    {
        var state = Cluster.State;
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).Select(m => Describe(m, state)).ToList();
        var lines = members.Select(Line).Append($"Count: {members.Count} nodes");
        return OperatorReplies.Ok(string.Join('\n', lines), new { Members = members, Count = members.Count, Leader = state.Leader?.ToString() });
    }

    public CommandResponse Status()
    {
        var state = Cluster.State;
        var self = Describe(Cluster.SelfMember, state);
        return OperatorReplies.Ok($"{Line(self)}\nLeader: {(self.Leader ? "this node" : state.Leader?.ToString() ?? "none")}", self);
    }

    public CommandResponse Leader()
    {
        var leader = Cluster.State.Leader;
        return leader is null
            ? OperatorReplies.Ok("No leader yet: no member is Up.", new { Leader = (string?)null })
            : OperatorReplies.Ok($"Leader: {leader}", new { Leader = leader.ToString() });
    }

    /// <summary>
    /// Leaves the way SIGTERM does (the host stops: players are told, the shards are handed over, the node leaves),
    /// and answers once this node has been removed from the cluster. The host keeps its operator port open until the
    /// answer is written, and only then lets the process end.
    /// </summary>
    public async Task<CommandResponse> LeaveAsync()
    {
        var cluster = Cluster;
        var self = cluster.SelfAddress;
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
        requestShutdown();
        await removed.Task.ConfigureAwait(false);
        return OperatorReplies.Ok($"{self} has left the cluster; the node is shutting down.", new { Address = self.ToString(), Left = true });
    }

    public CommandResponse Join(string text)
    {
        if (ParseAddress(text) is not { } address)
        {
            return OperatorReplies.Failed(NotAnAddress(text));
        }

        Cluster.Join(address);
        return OperatorReplies.Ok(
            $"Joining {address}. 'cluster status' shows when this node is Up (a node that is already a member of another cluster ignores this).",
            new { Address = address.ToString() });
    }

    public CommandResponse Down(string text)
    {
        if (ParseAddress(text) is not { } address)
        {
            return OperatorReplies.Failed(NotAnAddress(text));
        }

        if (!Cluster.State.Members.Any(m => m.Address == address))
        {
            return OperatorReplies.Failed($"No member at {address}; 'cluster show' lists the members.");
        }

        Cluster.Down(address);
        return OperatorReplies.Ok($"Marked {address} as down.", new { Downed = new[] { address.ToString() } });
    }

    public CommandResponse DownUnreachable()
    {
        var unreachable = Cluster.State.Unreachable.Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
        foreach (var address in unreachable)
        {
            Cluster.Down(address);
        }

        return OperatorReplies.Ok(
            unreachable.Count == 0 ? "No member is unreachable." : "Marked as down:\n" + string.Join('\n', unreachable),
            new { Downed = unreachable.Select(a => a.ToString()).ToList() });
    }

    /// <summary>A full address (<c>akka.tcp://exventure@host:port</c>) or, as a shorthand, <c>host:port</c>.</summary>
    public static Address? ParseAddress(string text)
    {
        var full = text.Contains("://", StringComparison.Ordinal) ? text : $"akka.tcp://{GameNodeOptions.ActorSystemName}@{text}";
        try
        {
            var address = Address.Parse(full);
            return address.Host is null || address.Port is null ? null : address;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static string NotAnAddress(string text) => $"'{text}' is not a member address; expected akka.tcp://{GameNodeOptions.ActorSystemName}@host:port (or host:port).";

    private MemberView Describe(Member member, ClusterEvent.CurrentClusterState state) => new(
        member.Address.ToString(),
        member.Roles.Order(StringComparer.Ordinal).ToList(),
        member.Status.ToString(),
        !state.Unreachable.Any(u => u.Address == member.Address),
        state.Leader == member.Address,
        member.Address == Cluster.SelfAddress);

    private static string Line(MemberView member) =>
        $"{member.Address} | [{string.Join(", ", member.Roles)}] | {member.Status} | {(member.Reachable ? "Reachable" : "Unreachable")}";

    private sealed record MemberView(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool Leader, bool Self);
}
