using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ExVenture.Actors.Sessions;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Text;
using static ExVenture.Actors.Presence.PresenceMessages;

namespace ExVenture.Actors.Presence;

/// <summary>
/// Who is playing on this node (one per node, at <c>/user/presence</c>). A cluster-wide <c>who</c> asks the presence
/// actor of every member and merges the answers: exact, with no stale entries after a crash, at the cost of one
/// round trip per node. Operators reach the players of a node through it too (<c>pbm game who/kick/wall</c>).
/// </summary>
public sealed class PresenceActor : ReceiveActor
{
    public const string Name = "presence";
    private static readonly TimeSpan MemberTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<IActorRef, string> _online = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly string _region;

    public PresenceActor()
        : this(Hosting.Regions.Local)
    {
    }

    /// <param name="region">Where this node runs, for operators' <c>who</c>.</param>
    public PresenceActor(string region)
    {
        _region = region;
        Receive<Online>(online =>
        {
            _online[online.Session] = online.Name;
            Context.Watch(online.Session);
        });
        Receive<Terminated>(t => _online.Remove(t.ActorRef));
        Receive<ListLocal>(_ => Sender.Tell(new OnlineList(LocalNames(), null)));
        Receive<ListOnline>(query => ListCluster(query.Ref).PipeTo(Sender));
        Receive<ListSessions>(_ => Sender.Tell(new SessionList(SelfNode, _region, _online.Values.Order(StringComparer.OrdinalIgnoreCase).ToList())));
        Receive<Kick>(kick =>
        {
            var sessions = _online.Where(s => string.Equals(s.Value, kick.Name, StringComparison.OrdinalIgnoreCase)).Select(s => s.Key).ToList();
            foreach (var session in sessions)
            {
                session.Tell(new SessionMessages.Ended(ErrorCodes.Kicked, kick.Message));
            }

            if (sessions.Count > 0)
            {
                _log.Info("An operator disconnected {0} ({1} session(s))", kick.Name, sessions.Count);
            }

            Sender.Tell(new KickDone(SelfNode, sessions.Count));
        });
        Receive<SpeakOnGeneral>(spoken =>
        {
            // Told to each member's presence, this one included; a member that is going away simply misses the line.
            var line = new GeneralLine(spoken.Name, spoken.Text);
            foreach (var member in Cluster.Get(Context.System).State.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp))
            {
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / Name).Tell(line);
            }
        });
        Receive<GeneralLine>(line =>
        {
            var output = new SessionMessages.Output(
                [Frames.Channel(CharacterState.GeneralChannel, line.Name, line.Text), Frames.Display(GameText.ChannelLine(CharacterState.GeneralChannel, line.Name, line.Text))],
                null);
            foreach (var (session, name) in _online.Where(s => !string.Equals(s.Value, line.Name, StringComparison.Ordinal)))
            {
                session.Tell(output);
            }
        });
        Receive<Wall>(wall =>
        {
            var output = new SessionMessages.Output([Frames.Display(wall.Text)], null);
            foreach (var session in _online.Keys)
            {
                session.Tell(output);
            }

            Sender.Tell(new WallDone(SelfNode, _online.Count));
        });
    }

    private string SelfNode => Cluster.Get(Context.System).SelfAddress.ToString();

    private List<string> LocalNames() => _online.Values.Distinct(StringComparer.Ordinal).ToList();

    private async Task<OnlineList> ListCluster(string? commandRef)
    {
        var cluster = Cluster.Get(Context.System);
        var self = cluster.SelfAddress;
        var others = cluster.State.Members
            .Where(m => m.Status == MemberStatus.Up && m.Address != self)
            .Select(m => Context.ActorSelection(new RootActorPath(m.Address) / "user" / Name))
            .ToList();
        var local = LocalNames();
        var answers = await Task.WhenAll(others.Select(AskMember));
        var names = local.Concat(answers.SelectMany(a => a))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new OnlineList(names, commandRef);
    }

    private async Task<IReadOnlyList<string>> AskMember(ActorSelection member)
    {
        try
        {
            var list = await member.Ask<OnlineList>(ListLocal.Instance, MemberTimeout);
            return list.Names;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            _log.Warning("No presence answer from {0} within {1}; 'who' leaves its players out", member.PathString, MemberTimeout);
            return [];
        }
    }
}
