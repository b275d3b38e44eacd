using Akka.Actor;
using ExVenture.Actors.Serialization;

namespace ExVenture.Actors.Presence;

public static class PresenceMessages
{
    /// <summary>A session on this node is now playing <paramref name="Name"/>; presence watches the session.</summary>
    public sealed record Online(string CharacterId, string Name, IActorRef Session) : IWireMessage;

    /// <summary>Who is online in the whole cluster; answered with <see cref="OnlineList"/> carrying the same ref.</summary>
    public sealed record ListOnline(string? Ref) : IWireMessage;

    /// <summary>Who is online on one node (what a node's presence asks each member's presence).</summary>
    public sealed record ListLocal : IWireMessage
    {
        public static ListLocal Instance { get; } = new();
    }

    public sealed record OnlineList(IReadOnlyList<string> Names, string? Ref) : IWireMessage;

    /// <summary>Who plays on one node, for operators (<c>pbm game who</c>); answered with <see cref="SessionList"/>.</summary>
    public sealed record ListSessions : IWireMessage
    {
        public static ListSessions Instance { get; } = new();
    }

    /// <param name="Node">The answering node's address.</param>
    /// <param name="Region">Where that node runs (FLY_REGION, or "local").</param>
    public sealed record SessionList(string Node, string Region, IReadOnlyList<string> Names) : IWireMessage;

    /// <summary>An operator disconnects every session on this node playing <paramref name="Name"/> (any case):
    /// each ends with the close reason <c>kicked</c> and <paramref name="Message"/>. Answered with <see cref="KickDone"/>.</summary>
    public sealed record Kick(string Name, string Message) : IWireMessage;

    /// <param name="Sessions">How many sessions of that name this node closed (0: none here).</param>
    public sealed record KickDone(string Node, int Sessions) : IWireMessage;

    /// <summary>A character spoke on the general channel: its node's presence passes it to every member's presence.</summary>
    public sealed record SpeakOnGeneral(string Name, string Text) : IWireMessage;

    /// <summary>A general-channel line for every player on this node but its speaker (who already saw it as the
    /// answer to the command).</summary>
    public sealed record GeneralLine(string Name, string Text) : IWireMessage;

    /// <summary>An operator's message for every player on this node; answered with <see cref="WallDone"/>.</summary>
    public sealed record Wall(string Text) : IWireMessage;

    public sealed record WallDone(string Node, int Sessions) : IWireMessage;
}
