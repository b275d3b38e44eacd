using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using ExVenture.TestSupport.Game;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>
/// One play WebSocket to one node, read in the background. Unlike <see cref="GameClient"/>, which waits for frames
/// that match, this hands over every frame in the order the server sent it, and tells a quiet socket (no frame in
/// time) from a finished one: a scripted player needs both to account for every command across crashes.
/// </summary>
internal sealed class PlaySocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<ServerFrame> _frames = Channel.CreateUnbounded<ServerFrame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reading;
    private volatile bool _broken;

    private PlaySocket(ClientWebSocket socket, string node)
    {
        _socket = socket;
        Node = node;
        _reading = ReadAsync();
    }

    public string Node { get; }

    /// <summary>True once the socket has ended (closed, cut, or a send failed) and every frame it delivered has been taken.</summary>
    public bool Ended => _frames.Reader.Completion.IsCompleted || (_broken && !_frames.Reader.TryPeek(out _));

    /// <summary>True once the connection is over (closed, cut, or a send failed), though frames it delivered may still wait to be taken.</summary>
    public bool IsGone => _broken || _reading.IsCompleted || _socket.State != WebSocketState.Open;

    /// <summary>The status of the server's close frame; null while open or when the connection was cut without one.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <summary>How the socket ended, for logs: the server's close (status and reason) or a cut connection.</summary>
    public string EndDescription => CloseStatus is { } status ? $"closed by the server ({(int)status} '{CloseDescription}')" : $"cut ({_socket.State})";

    /// <summary>Opens <c>/socket</c> on <paramref name="node"/>; throws when the node refuses (down, 503, 401).</summary>
    public static async Task<PlaySocket> ConnectAsync(Uri node, string nodeName, string token, string character, TimeSpan timeout)
    {
        var uri = new UriBuilder(node)
        {
            Scheme = "ws",
            Path = "socket",
            Query = $"token={Uri.EscapeDataString(token)}&character={Uri.EscapeDataString(character)}",
        }.Uri;
        var socket = new ClientWebSocket();
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(uri, cancel.Token);
            return new PlaySocket(socket, nodeName);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a command; false when the socket is already gone (the command was certainly not received).</summary>
    public async Task<bool> SendAsync(string text, string id)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(new { topic = "system/send", data = new { text, id } });
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // The connection is gone; the reader may not have noticed yet, so end it from here.
            _broken = true;
            _socket.Abort();
            return false;
        }
    }

    /// <summary>A frame already received, if any (to account for the last frames of a socket that has ended).</summary>
    public bool TryTake(out ServerFrame frame) => _frames.Reader.TryRead(out frame!);

    /// <summary>The next frame, in order; null when none came within <paramref name="within"/> or the socket has ended (see <see cref="Ended"/>).</summary>
    public async Task<ServerFrame?> NextAsync(TimeSpan within)
    {
        if (_frames.Reader.TryRead(out var ready))
        {
            return ready;
        }

        if (Ended)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await _frames.Reader.ReadAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Closes from this side (a player leaving) and waits for the reader to finish.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancel.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server went away first.
            }
        }

        if (_socket.State != WebSocketState.Closed)
        {
            _socket.Abort();
        }

        await _reading;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the server's close, as a well-behaved client does, so the handshake completes.
                    using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancel.Token);
                    return;
                }

                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray()));
                var root = document.RootElement;
                _frames.Writer.TryWrite(new ServerFrame(
                    root.GetProperty("topic").GetString()!,
                    root.GetProperty("data").Clone(),
                    root.TryGetProperty("ref", out var r) ? r.GetString() : null));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection was cut: the reader of the frames sees the end.
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
