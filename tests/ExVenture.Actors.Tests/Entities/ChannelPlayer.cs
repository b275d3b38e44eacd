using System.Threading.Channels;
using Akka.Actor;
using ExVenture.Actors.Sessions;
using ExVenture.Domain.Protocol;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>A player as the edge sees one: a real session actor whose output lands in a channel the test reads.</summary>
public sealed class ChannelPlayer
{
    private readonly Channel<SessionOutput> _output = Channel.CreateUnbounded<SessionOutput>();
    private readonly List<(Frame Frame, string? Ref)> _seen = [];
    private int _commands;

    public ChannelPlayer(ActorSystem system, string name, IActorRef characters, IActorRef presence)
    {
        Name = name;
        Session = system.ActorOf(PlayerSessionActor.Props(name.ToLowerInvariant(), name, characters, presence, _output.Writer));
    }

    public string Name { get; }

    public IActorRef Session { get; }

    /// <summary>Sends a line and returns its ref.</summary>
    public string Send(string text)
    {
        var commandRef = $"{Name}-{++_commands}";
        Session.Tell(new PlayerSessionActor.PlayerLine(text, commandRef));
        return commandRef;
    }

    /// <summary>Waits for a frame matching <paramref name="match"/>, keeping everything read on the way.</summary>
    public async Task<(Frame Frame, string? Ref)> Expect(Func<Frame, string?, bool> match, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        foreach (var seen in _seen.Where(s => match(s.Frame, s.Ref)))
        {
            _seen.Remove(seen);
            return seen;
        }

        try
        {
            while (true)
            {
                var (frame, commandRef) = await _output.Reader.ReadAsync(timeout.Token) switch
                {
                    SessionOutput.Send send => (send.Frame, send.Ref),
                    SessionOutput.Close close => (close.Farewell, (string?)null),
                    var other => throw new InvalidOperationException(other.GetType().Name),
                };
                if (match(frame, commandRef))
                {
                    return (frame, commandRef);
                }

                _seen.Add((frame, commandRef));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"{Name} saw no matching frame. Frames so far:\n" + string.Join('\n', _seen.Select(s => $"{s.Ref} {s.Frame.Topic} {s.Frame.Data}")));
        }
    }

    /// <summary>Waits for the session to close the connection (the frames read on the way are kept) and returns
    /// how: the farewell frame and the close reason the edge sends with the WebSocket close.</summary>
    public async Task<SessionOutput.Close> Closed(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                switch (await _output.Reader.ReadAsync(timeout.Token))
                {
                    case SessionOutput.Close close:
                        return close;
                    case SessionOutput.Send send:
                        _seen.Add((send.Frame, send.Ref));
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"{Name}'s session was not closed. Frames so far:\n" + string.Join('\n', _seen.Select(s => $"{s.Ref} {s.Frame.Topic} {s.Frame.Data}")));
        }
    }

    /// <summary>The display text answering command <paramref name="commandRef"/>.</summary>
    public async Task<string> Answer(string commandRef) =>
        (await Expect((f, r) => r == commandRef && f.Topic == Topics.Display)).Frame.Data;

    public Task<(Frame Frame, string? Ref)> ExpectText(string fragment) =>
        Expect((f, _) => f.Topic == Topics.Display && f.Data.Contains(fragment, StringComparison.Ordinal));
}
