using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Akka.Actor;
using ExVenture.Actors.Sessions;
using ExVenture.Domain.Protocol;

namespace ExVenture.Server.Play;

/// <summary>
/// One player's WebSocket: a read loop that turns messages into lines for the session actor, and a write loop that
/// drains the session's output channel onto the socket. Everything that is wrong with a message is answered with a
/// <c>system/error</c> frame and the socket stays open; only the player's own socket is ever affected.
/// </summary>
public sealed class PlayerConnection
{
    /// <summary>Frames queued for a client before it counts as too slow and is disconnected.</summary>
    public const int OutputQueueLength = 1024;

    private const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    /// <summary>Bytes each connection keeps for reading: enough for any ordinary command.</summary>
    private const int SmallMessageBytes = 512;

    private readonly WebSocket _socket;
    private readonly ILogger _log;
    private readonly Channel<SessionOutput> _output = Channel.CreateBounded<SessionOutput>(
        new BoundedChannelOptions(OutputQueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly RateLimiter _commands;

    /// <param name="commandsPerSecond">Commands this socket may send per second, in bursts of twice that; 0: no limit.</param>
    public PlayerConnection(WebSocket socket, int commandsPerSecond, ILogger log)
    {
        _socket = socket;
        _log = log;
        _commands = commandsPerSecond == 0
            ? RateLimitPartition.GetNoLimiter(0).Factory(0)
            : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 2 * commandsPerSecond,
                TokensPerPeriod = commandsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }

    public ChannelWriter<SessionOutput> Output => _output.Writer;

    /// <summary>Runs until either side closes; <paramref name="session"/> is stopped on the way out. When
    /// <paramref name="shuttingDown"/> fires, the session drains (answers already on their way still arrive), the
    /// player is told the server is restarting, and the socket is closed with status 1012, so clients reconnect (to
    /// any node) rather than give up.</summary>
    public async Task RunAsync(IActorRef session, CancellationToken shuttingDown)
    {
        using var cancel = new CancellationTokenSource();
        await using var farewell = shuttingDown.Register(() => session.Tell(PlayerSessionActor.Drain.Instance));
        var writing = WriteLoopAsync(cancel.Token);

        // Once the server side has said goodbye, give the client a moment to answer the close, then stop reading.
        _ = writing.ContinueWith(
            _ =>
            {
                try
                {
                    cancel.CancelAfter(TimeSpan.FromSeconds(5));
                }
                catch (ObjectDisposedException)
                {
                    // The connection is already over.
                }
            },
            TaskScheduler.Default);
        try
        {
            await ReadLoopAsync(session, cancel.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            _log.LogDebug("Socket read ended: {Reason}", e.Message);
        }
        finally
        {
            session.Tell(PoisonPill.Instance);
            _output.Writer.TryComplete();
        }

        try
        {
            await writing.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException)
        {
            _log.LogDebug("Socket write ended: {Reason}", e.Message);
        }
        finally
        {
            await cancel.CancelAsync();
            _commands.Dispose();
        }
    }

    private async Task ReadLoopAsync(IActorRef session, CancellationToken cancellationToken)
    {
        // Most messages are a short command and fit here; only a longer one borrows a full-size buffer from the
        // pool for as long as it takes to read it. An idle player thus holds a few hundred bytes, not 16 KiB.
        var small = new byte[SmallMessageBytes];
        while (_socket.State == WebSocketState.Open)
        {
            var first = await _socket.ReceiveAsync(small.AsMemory(), cancellationToken);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (first.EndOfMessage)
            {
                Handle(session, small.AsMemory(0, first.Count));
                continue;
            }

            var large = ArrayPool<byte>.Shared.Rent(ClientFrames.MaxFrameBytes);
            try
            {
                small.AsSpan(0, first.Count).CopyTo(large);
                var (length, complete, close) = await ReadRestAsync(large, first.Count, cancellationToken);
                if (close)
                {
                    return;
                }

                if (complete)
                {
                    Handle(session, large.AsMemory(0, length));
                }
                else
                {
                    Reply(Frames.Error(ErrorCodes.FrameTooLarge, $"Messages may be at most {ClientFrames.MaxFrameBytes} bytes; this one was ignored."));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(large);
            }
        }
    }

    private void Handle(IActorRef session, ReadOnlyMemory<byte> message)
    {
        switch (ClientFrames.Parse(message))
        {
            case ClientFrame.Send send when _commands.AttemptAcquire().IsAcquired:
                session.Tell(new PlayerSessionActor.PlayerLine(send.Text, send.Id));
                break;
            case ClientFrame.Send send:
                Reply(Frames.Error(ErrorCodes.RateLimited, "You are sending commands too fast; that one was ignored."), send.Id);
                break;
            case ClientFrame.Ping:
                Reply(Frames.Pong());
                break;
            case ClientFrame.Invalid invalid:
                Reply(Frames.Error(invalid.Code, invalid.Message));
                break;
        }
    }

    /// <summary>Reads the rest of a message whose first <paramref name="length"/> bytes are in <paramref name="buffer"/>
    /// (at least <see cref="ClientFrames.MaxFrameBytes"/> long). A longer message is read to its end and discarded
    /// (complete = false), so the connection stays usable.</summary>
    private async Task<(int Length, bool Complete, bool Close)> ReadRestAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var limit = ClientFrames.MaxFrameBytes;
        var overflow = false;
        while (true)
        {
            var target = overflow || length == limit ? buffer.AsMemory(0, limit) : buffer.AsMemory(length, limit - length);
            var result = await _socket.ReceiveAsync(target, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (0, false, true);
            }

            if (!overflow)
            {
                length += result.Count;
                overflow = length == limit && !result.EndOfMessage;
            }

            if (result.EndOfMessage)
            {
                return (length, !overflow, false);
            }
        }
    }

    private void Reply(Frame frame, string? commandRef = null) => _output.Writer.TryWrite(new SessionOutput.Send(frame, commandRef));

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        await foreach (var item in _output.Reader.ReadAllAsync(cancellationToken))
        {
            switch (item)
            {
                case SessionOutput.Send send:
                    await SendAsync(buffer, send.Frame, send.Ref, cancellationToken);
                    break;
                case SessionOutput.Close close:
                    await SendAsync(buffer, close.Farewell, null, cancellationToken);
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        var status = close.Reason == PlayerSessionActor.RestartReason ? ServiceRestart : WebSocketCloseStatus.NormalClosure;
                        await _socket.CloseOutputAsync(status, close.Reason, cancellationToken);
                    }

                    return;
            }
        }

        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
        }
    }

    private async Task SendAsync(ArrayBufferWriter<byte> buffer, Frame frame, string? commandRef, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        ClientFrames.Write(buffer, frame, commandRef);
        await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
