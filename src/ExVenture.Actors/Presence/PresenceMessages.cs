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
}
