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
public sealed class PlayerSessionActor : ReceiveActor, IWithTimers
{
    /// <summary>The close reason when the node shuts down (the edge sends it with WebSocket status 1012, "service restart").</summary>
    public const string RestartReason = "server_restarting";

    /// <summary>How long a command may go unanswered before the player is told the world is not answering
    /// (its entity cannot reach the journal, or its node is gone).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RefLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstReattachDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FirstAttachRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestAttachRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly string _characterId;
    private readonly string _name;
    private readonly string? _region;
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly IActorRef _characters;
    private readonly IActorRef _presence;
    private readonly ChannelWriter<SessionOutput> _output;
    private readonly Dictionary<string, Command> _commands = new(StringComparer.Ordinal);
    private long _lastCommand;
    private IActorRef? _character;
    private bool _draining;
    private TimeSpan _attachRetry = FirstAttachRetry;
    private bool _resuming;
    private bool _closed;

    public PlayerSessionActor(string characterId, string name, IActorRef characters, IActorRef presence, ChannelWriter<SessionOutput> output, string? region = null)
    {
        _region = region;
        _characterId = characterId;
        _name = name;
        _characters = characters;
        _presence = presence;
        _output = output;

        Receive<PlayerLine>(Forward);
        Receive<Output>(output =>
        {
            var clientRef = Answered(output.Ref);
            foreach (var frame in output.Frames)
            {
                Write(new SessionOutput.Send(frame, clientRef));
            }

            if (_draining && _commands.Values.All(c => c.Answered))
            {
                CloseForRestart();
            }
        });
        Receive<Drain>(_ =>
        {
            // The node is shutting down: take no new commands, let the answers already on their way arrive (for
            // at most DrainTimeout), then say goodbye.
            _draining = true;
            if (_commands.Values.All(c => c.Answered))
            {
                CloseForRestart();
            }
            else
            {
                Timers.StartSingleTimer(nameof(Drain), DrainOver.Instance, DrainTimeout);
            }
        });
        Receive<DrainOver>(_ => CloseForRestart());
        Receive<CheckAnswers>(_ => CheckUnanswered());
        Receive<Attached>(_ =>
        {
            // Watch the character's incarnation: if it stops (its shard moves, or its node dies), attach again so
            // the next incarnation, wherever it starts, knows where to send our output.
            if (!Sender.Equals(_character))
            {
                if (_character is not null)
                {
                    Context.Unwatch(_character);
                }

                _character = Sender;
                Context.Watch(Sender);
            }

            Timers.Cancel(nameof(Reattach));
            _attachRetry = FirstAttachRetry;

            _presence.Tell(new PresenceMessages.Online(_characterId, _name, Self));
        });
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_character) && !_closed)
            {
                // Not at once: an entity that cannot recover (its database is down) would otherwise be restarted in a loop.
                _character = null;
                _resuming = true;
                Timers.StartSingleTimer(nameof(Reattach), Reattach.Instance, FirstReattachDelay);
            }
        });
        Receive<Reattach>(_ => Attach());
        Receive<Ended>(ended => Close(Frames.Display(ended.Message), ended.Code));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="region">This node's region: the character moves here when it signs in and no other session holds it.</param>
    public static Props Props(string characterId, string name, IActorRef characters, IActorRef presence, ChannelWriter<SessionOutput> output, string? region = null) =>
        Akka.Actor.Props.Create(() => new PlayerSessionActor(characterId, name, characters, presence, output, region));

    protected override void PreStart() => Attach();

    /// <summary>Attaches to the character and keeps trying (1 s, 2 s, … 10 s apart) until it answers: a shard
    /// being handed over may drop the message, and a character that cannot recover does not answer.</summary>
    private void Attach()
    {
        _characters.Tell(new Attach(_characterId, _name, _sessionId, Self, _resuming, _region));
        Timers.StartSingleTimer(nameof(Reattach), Reattach.Instance, _attachRetry);
        _attachRetry = TimeSpan.FromTicks(Math.Min(_attachRetry.Ticks * 2, LongestAttachRetry.Ticks));
    }

    protected override void PostStop()
    {
        _characters.Tell(new Detach(_characterId, _sessionId));
        _output.TryComplete();
    }

    /// <summary>Every command gets a session-local ref (the client's own id may be missing or reused); the
    /// client's id is restored on the way out.</summary>
    private void Forward(PlayerLine line)
    {
        if (_draining)
        {
            Write(new SessionOutput.Send(Frames.Error(ErrorCodes.Unavailable, "The server is restarting; send that again once you have reconnected."), line.Ref));
            return;
        }

        // Unique to this session, so a late answer to an earlier session's command can never pass for one of ours.
        var localRef = _sessionId + ":" + (++_lastCommand).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _commands[localRef] = new Command(line.Ref, line.Text, DateTime.UtcNow);
        _characters.Tell(new Input(_characterId, _sessionId, line.Text, localRef, DateTimeOffset.UtcNow + AnswerTimeout));
        if (!Timers.IsTimerActive(nameof(CheckAnswers)))
        {
            Timers.StartPeriodicTimer(nameof(CheckAnswers), CheckAnswers.Instance, TimeSpan.FromSeconds(1));
        }
    }

    private string? Answered(string? localRef)
    {
        if (localRef is null || !_commands.TryGetValue(localRef, out var command))
        {
            return null;
        }

        _commands[localRef] = command with { Answered = true };
        return command.ClientRef;
    }

    private void CheckUnanswered()
    {
        var now = DateTime.UtcNow;
        foreach (var (localRef, command) in _commands.ToList())
        {
            if (!command.Answered && now - command.SentAt > AnswerTimeout)
            {
                _commands[localRef] = command with { Answered = true };
                var what = command.Text.Length <= 40 ? command.Text : command.Text[..40] + "…";
                Write(new SessionOutput.Send(
                    Frames.Error(ErrorCodes.Unavailable, $"The world did not answer '{what}' in time; it may not have happened. Try again in a moment."),
                    command.ClientRef));
            }
            else if (now - command.SentAt > RefLifetime)
            {
                _commands.Remove(localRef);
            }
        }

        if (_commands.Count == 0)
        {
            Timers.Cancel(nameof(CheckAnswers));
        }
    }

    private void Write(SessionOutput item)
    {
        if (!_closed && !_output.TryWrite(item))
        {
            // The client reads slower than the game talks to it: drop the connection rather than buffer without bound.
            Close(Frames.Error(ErrorCodes.RateLimited, "Your connection is too slow to keep up; reconnect to continue."), "too_slow");
        }
    }

    private void CloseForRestart() => Close(
        Frames.Display("The server is restarting. Reconnect in a moment: you will find everything as you left it."),
        RestartReason);

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

    private sealed record Command(string? ClientRef, string Text, DateTime SentAt, bool Answered = false);

    /// <summary>The node is shutting down (sent by the edge when the host stops).</summary>
    public sealed class Drain
    {
        public static Drain Instance { get; } = new();
    }

    private sealed class DrainOver
    {
        public static DrainOver Instance { get; } = new();
    }

    private sealed class Reattach
    {
        public static Reattach Instance { get; } = new();
    }

    private sealed class CheckAnswers
    {
        public static CheckAnswers Instance { get; } = new();
    }
}
