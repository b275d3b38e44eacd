using System.Threading.Channels;
using Akka.Actor;
using ExVenture.Actors.Presence;
using ExVenture.Domain.Protocol;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Sessions;

/// <summary>What the session hands the socket writer: a frame (with the command ref it answers), or the end.</summary>
public abstract record SessionOutput
{
    public sealed record Send(Frame Frame, string? Ref) : SessionOutput;

    /// <summary>The session is over; the writer sends <paramref name="Farewell"/> and closes the socket.</summary>
    public sealed record Close(Frame Farewell, string Reason) : SessionOutput;
}

/// <summary>
/// The edge's actor for one connected player (one per socket, on the node that accepted it). It forwards the
/// player's lines to the character entity, wherever it lives, and passes output back to the socket through a
/// bounded channel. It holds no game state.
/// </summary>
public sealed class PlayerSessionActor : ReceiveActor
{
    private readonly string _characterId;
    private readonly string _name;
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly IActorRef _characters;
    private readonly IActorRef _presence;
    private readonly ChannelWriter<SessionOutput> _output;
    private bool _closed;

    public PlayerSessionActor(string characterId, string name, IActorRef characters, IActorRef presence, ChannelWriter<SessionOutput> output)
    {
        _characterId = characterId;
        _name = name;
        _characters = characters;
        _presence = presence;
        _output = output;

        Receive<PlayerLine>(line => _characters.Tell(new Input(_characterId, _sessionId, line.Text, line.Ref)));
        Receive<Output>(output =>
        {
            foreach (var frame in output.Frames)
            {
                Write(new SessionOutput.Send(frame, output.Ref));
            }
        });
        Receive<Attached>(_ => _presence.Tell(new PresenceMessages.Online(_characterId, _name, Self)));
        Receive<Ended>(ended => Close(Frames.Display(ended.Message), ended.Code));
    }

    public static Props Props(string characterId, string name, IActorRef characters, IActorRef presence, ChannelWriter<SessionOutput> output) =>
        Akka.Actor.Props.Create(() => new PlayerSessionActor(characterId, name, characters, presence, output));

    protected override void PreStart() => _characters.Tell(new Attach(_characterId, _name, _sessionId, Self));

    protected override void PostStop()
    {
        _characters.Tell(new Detach(_characterId, _sessionId));
        _output.TryComplete();
    }

    private void Write(SessionOutput item)
    {
        if (!_closed && !_output.TryWrite(item))
        {
            // The client reads slower than the game talks to it: drop the connection rather than buffer without bound.
            Close(Frames.Error(ErrorCodes.RateLimited, "Your connection is too slow to keep up; reconnect to continue."), "too_slow");
        }
    }

    private void Close(Frame farewell, string reason)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _output.TryWrite(new SessionOutput.Close(farewell, reason));
        _output.TryComplete();
        Context.Stop(Self);
    }

    /// <summary>A line the player typed (local message from the socket reader; never crosses nodes).</summary>
    public sealed record PlayerLine(string Text, string? Ref);
}
