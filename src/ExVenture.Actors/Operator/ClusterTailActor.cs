using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>
/// <c>cluster tail</c>: writes every membership and reachability event this node sees (starting with the current
/// members) into the stream the host sends to the client. It lives as long as the client listens; the host stops it.
/// </summary>
public sealed class ClusterTailActor : ReceiveActor
{
    private readonly ChannelWriter<StreamLine> _lines;

    public ClusterTailActor(ChannelWriter<StreamLine> lines)
    {
        _lines = lines;
        Receive<ClusterEvent.IMemberEvent>(e => Write(e.GetType().Name, e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => Write("Unreachable", e.Member));
        Receive<ClusterEvent.ReachableMember>(e => Write("Reachable", e.Member));
        Receive<ClusterEvent.LeaderChanged>(e => _lines.TryWrite(Line("LeaderChanged", e.Leader?.ToString() ?? "none", null, [])));
    }

    public static Props Props(ChannelWriter<StreamLine> lines) => Akka.Actor.Props.Create(() => new ClusterTailActor(lines));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(
            Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent),
            typeof(ClusterEvent.IReachabilityEvent),
            typeof(ClusterEvent.LeaderChanged));

    protected override void PostStop()
    {
        Cluster.Get(Context.System).Unsubscribe(Self);
        _lines.TryComplete();
    }

    private void Write(string kind, Member member) =>
        _lines.TryWrite(Line(kind, member.Address.ToString(), member.Status.ToString(), member.Roles.Order(StringComparer.Ordinal).ToList()));

    private static StreamLine Line(string kind, string address, string? status, IReadOnlyList<string> roles)
    {
        var at = DateTimeOffset.UtcNow;
        var text = status is null ? $"{at:HH:mm:ss} {kind} {address}" : $"{at:HH:mm:ss} {kind} {address} | [{string.Join(", ", roles)}] | {status}";
        return new StreamLine(text, OperatorReplies.ToElement(new { Event = kind, Address = address, Status = status, Roles = roles, At = at }));
    }
}
