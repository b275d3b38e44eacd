using Akka.Actor;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Protocol;
using ExVenture.Actors.Serialization;

namespace ExVenture.Actors.Sessions;

/// <summary>Messages between a player's session (the edge, one per socket) and the character entity it plays.</summary>
public static class SessionMessages
{
    /// <summary>A session takes control of a character. A newer session replaces an older one, which is told so and
    /// closed. <paramref name="Resume"/>: the session was already playing and its character entity stopped (moved to
    /// another node, or its node died); the new incarnation picks the session up without a welcome.
    /// <paramref name="Region"/>: the region of the session's node; a character homed elsewhere that no session holds
    /// moves there first (<see cref="Characters.CharacterHost"/>).</summary>
    public sealed record Attach(string CharacterId, string Name, string SessionId, IActorRef Session, bool Resume = false, string? Region = null) : ICharacterMessage;

    /// <summary>One line the player typed; <paramref name="Ref"/> is echoed on every answer. A command that reaches its
    /// character after <paramref name="ExpiresAt"/> (held up by a hand-off or a failover) is dropped: by then the
    /// player has been told it got no answer, and it must not happen behind their back.</summary>
    public sealed record Input(string CharacterId, string SessionId, string Text, string? Ref, DateTimeOffset ExpiresAt) : ICharacterMessage;

    /// <summary>The session's socket closed.</summary>
    public sealed record Detach(string CharacterId, string SessionId) : ICharacterMessage;

    /// <summary>Frames for the player, in order.</summary>
    public sealed record Output(IReadOnlyList<Frame> Frames, string? Ref) : IWireMessage;

    /// <summary>The character accepted the session (sent once per attach).</summary>
    public sealed record Attached(string CharacterId, string Name) : IWireMessage;

    /// <summary>The character ended the session (quit, or replaced by a newer login); the edge closes the socket.</summary>
    public sealed record Ended(string Code, string Message) : IWireMessage;
}
