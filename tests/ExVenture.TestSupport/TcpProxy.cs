using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ExVenture.TestSupport;

/// <summary>
/// A loopback TCP relay in front of a real server (PostgreSQL, a cluster node) that a test can cut and restore,
/// to make a dependency really unreachable without stopping it for everyone else; and that can hold every chunk back
/// by a one-way delay in each direction, to put the server an ocean away (the test machine has no netem).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    /// <param name="target">The real server.</param>
    /// <param name="oneWayDelay">How long each chunk waits before it is passed on, in either direction (a round trip
    /// costs twice this); chunks keep their order. Zero (the default): passed on at once.</param>
    public TcpProxy(IPEndPoint target, TimeSpan oneWayDelay = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWayDelay, TimeSpan.Zero);
        _target = target;
        OneWayDelay = oneWayDelay;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The delay each chunk waits in each direction.</summary>
    public TimeSpan OneWayDelay { get; }

    /// <summary>Drops every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                client.Close();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        _connections[client] = 0;
        _connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            var a = PassOnAsync(client.GetStream(), upstream.GetStream(), OneWayDelay, _stop.Token);
            var b = PassOnAsync(upstream.GetStream(), client.GetStream(), OneWayDelay, _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away; close both.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Close();
        }
    }

    /// <summary>
    /// Copies one direction until its end (or failure), each chunk no earlier than <paramref name="delay"/> after it was
    /// read. A reader stamps chunks into a queue and a writer sends them when due, so reading goes on while earlier
    /// chunks wait (a link in flight, not a stalled one) and no thread sleeps. The end of the stream is passed on only
    /// after the chunks before it.
    /// </summary>
    private static async Task PassOnAsync(NetworkStream from, NetworkStream to, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay == TimeSpan.Zero)
        {
            await from.CopyToAsync(to, cancellationToken);
            return;
        }

        var line = Channel.CreateUnbounded<(long Due, byte[] Chunk)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var writeFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync();
        var delayTicks = (long)Math.Ceiling(delay.TotalSeconds * Stopwatch.Frequency);
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, writeFailed.Token)) > 0)
            {
                line.Writer.TryWrite((Stopwatch.GetTimestamp() + delayTicks, buffer[..read]));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The source went away, was cut, or the other side stopped taking data: the direction ends here.
        }
        finally
        {
            line.Writer.TryComplete();
        }

        // Ends (or fails) once everything read before the end has been written; the caller closes both sides.
        await writing;

        async Task WriteAsync()
        {
            try
            {
                await WriteWhenDueAsync(line.Reader, to, cancellationToken);
            }
            catch
            {
                // Nobody takes the data any more: stop reading it.
                await writeFailed.CancelAsync();
                throw;
            }
        }
    }

    private static async Task WriteWhenDueAsync(ChannelReader<(long Due, byte[] Chunk)> chunks, NetworkStream to, CancellationToken cancellationToken)
    {
        await foreach (var (due, chunk) in chunks.ReadAllAsync(cancellationToken))
        {
            // Timers have millisecond resolution and may fire a little early: wait until the clock says it is due.
            TimeSpan wait;
            while ((wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due)) > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), cancellationToken);
            }

            await to.WriteAsync(chunk, cancellationToken);
        }
    }
}
