using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ExVenture.Bots;

/// <summary>What every bot of a swarm shares.</summary>
/// <param name="Sockets">Opens the WebSockets; its connect callback decides Nagle's algorithm (TCP_NODELAY).</param>
/// <param name="Rate">Commands per second per bot; 0 means a closed loop (the next command as soon as the answer arrives).</param>
/// <param name="AnswerTimeout">A command unanswered for this long counts as <c>unanswered</c>.</param>
public sealed record BotContext(
    HttpMessageInvoker Sockets,
    IReadOnlyList<Uri> Servers,
    Accounts Accounts,
    Stats Stats,
    double Rate,
    TimeSpan AnswerTimeout);

/// <summary>
/// One simulated player: a character on a shared account, one WebSocket, and a profile choosing its commands. A
/// receive loop matches every frame carrying a <c>ref</c> to the command that caused it (the first such frame is
/// the answer, and its arrival is the command's latency) and keeps the bot's <see cref="BotView"/> of the world.
/// A send loop paces commands at the swarm's rate, open loop (a late answer never delays the next command, so
/// slowness is measured, not hidden), or sends the next as soon as the last is answered. When the node goes away
/// the bot reconnects to the next one with exponential backoff, as the browser client does, and the time it could
/// not play is recorded as an <see cref="Outage"/>.
/// </summary>
public sealed class Bot(BotContext context, int index, Profile profile)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(5);
    private static readonly byte[] RefMarker = ",\"ref\":\""u8.ToArray();
    private static readonly byte[] TopicMarker = "{\"topic\":\""u8.ToArray();
    private static readonly byte[] CodeMarker = "\"code\":\""u8.ToArray();

    // Commands sent and not yet answered, by ref; also guards _outageStart.
    private readonly Dictionary<int, PendingCommand> _pending = [];
    private readonly Random _random = new(index);
    private ClientWebSocket? _socket;
    private Task _receiving = Task.CompletedTask;
    private TaskCompletionSource _inRoom = NewSignal();
    private string? _token;
    private int _server = index;
    private int _turn;
    private int _nextRef;
    private TimeSpan? _outageStart;
    private string _outageCause = "";

    public int Index { get; } = index;

    public string Name { get; } = NameFor(index);

    public Profile Profile { get; } = profile;

    public BotView View { get; } = new();

    /// <summary>Whether the bot cannot play right now: its last command failed or its socket is gone, and nothing
    /// has been answered since.</summary>
    public bool InOutage
    {
        get
        {
            lock (_pending)
            {
                return _outageStart is not null;
            }
        }
    }

    /// <summary>Character names are letters only: bot number <paramref name="index"/> becomes "Botaaaab" and so on.</summary>
    public static string NameFor(int index)
    {
        Span<char> letters = stackalloc char[5];
        for (var i = letters.Length - 1; i >= 0; i--, index /= 26)
        {
            letters[i] = (char)('a' + (index % 26));
        }

        return "Bot" + new string(letters);
    }

    private Uri Server => context.Servers[_server % context.Servers.Count];

    private Stats Stats => context.Stats;

    /// <summary>Signs in (sharing the account's token) and creates the character, or finds it already there.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        _token = await context.Accounts.TokenForAsync(Index, Server, cancellationToken);
        await context.Accounts.CreateCharacterAsync(_token, Name, Server, cancellationToken);
    }

    /// <summary>Opens the socket and waits until the character stands in its room.</summary>
    /// <returns>The time from opening the socket to the character in the world.</returns>
    public async Task<TimeSpan> ConnectAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await OpenSocketAsync(cancellationToken);
        await _inRoom.Task.WaitAsync(context.AnswerTimeout, cancellationToken);
        var took = Stopwatch.GetElapsedTime(started);
        Stats.ConnectLatency.Record(took);
        Stats.Joined();
        return took;
    }

    /// <summary>Before a measurement, walks up to <paramref name="steps"/> steps (each once the last is answered,
    /// unrecorded) toward a corner of its own, so that a swarm spreads evenly over the world instead of piling up
    /// near the start: a bot draws one of north/south, one of east/west and a distance, and takes those ways
    /// whenever the room offers one, any exit otherwise.</summary>
    public async Task WanderAsync(int steps, CancellationToken cancellationToken)
    {
        string[] toward = [_random.Next(2) == 0 ? "north" : "south", _random.Next(2) == 0 ? "east" : "west"];
        for (var i = _random.Next(steps + 1); i > 0 && View.Exits.Count > 0; i--)
        {
            var preferred = View.Exits.Where(toward.Contains).ToList();
            var exits = preferred.Count > 0 ? preferred : View.Exits;
            var answered = await SendAsync(exits[_random.Next(exits.Count)], record: false);
            await answered.WaitAsync(context.AnswerTimeout, cancellationToken);
        }
    }

    /// <summary>Before a measurement, takes <paramref name="exits"/> in order (each once the last is answered,
    /// unrecorded): <c>--walk west,west</c> puts every bot of a swarm in the same room, away from the start.</summary>
    public async Task WalkAsync(IReadOnlyList<string> exits, CancellationToken cancellationToken)
    {
        foreach (var exit in exits)
        {
            var answered = await SendAsync(exit, record: false);
            await answered.WaitAsync(context.AnswerTimeout, cancellationToken);
        }
    }

    /// <summary>Plays until cancelled, reconnecting whenever the socket is lost.</summary>
    public async Task PlayAsync(CancellationToken cancellationToken)
    {
        if (Profile.IsIdle)
        {
            await KeepConnectedAsync(cancellationToken);
            return;
        }

        var interval = context.Rate > 0 ? TimeSpan.FromSeconds(1 / context.Rate) : TimeSpan.Zero;
        // Paced bots start at a random point of their interval so that a swarm does not send in lockstep.
        var next = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * _random.NextDouble() * Stopwatch.Frequency);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_receiving.IsCompleted && !await ReconnectAsync(cancellationToken))
                {
                    return;
                }

                if (interval > TimeSpan.Zero)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, cancellationToken);
                    }

                    next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                    ExpireUnanswered();
                    _ = await SendAsync(Profile.NextCommand(_turn++, View, _random), record: true);
                }
                else
                {
                    var answered = await SendAsync(Profile.NextCommand(_turn++, View, _random), record: true);
                    try
                    {
                        await answered.WaitAsync(context.AnswerTimeout, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        ExpireUnanswered();
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or InvalidOperationException or IOException)
            {
                // The socket is broken: make sure the receive loop ends too, and the next turn reconnects.
                _socket?.Abort();
                await Task.WhenAny(_receiving, Task.Delay(context.AnswerTimeout, CancellationToken.None));
            }
        }
    }

    public async Task CloseAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                await _receiving.WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
        }

        _socket?.Dispose();
    }

    private async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _receiving.WaitAsync(cancellationToken);
                if (!await ReconnectAsync(cancellationToken))
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one command. The returned task completes once the frame is written; its result completes when
    /// the command is answered. Unrecorded commands (wandering) are left out of the figures.</summary>
    private async Task<Task> SendAsync(string line, bool record)
    {
        var commandRef = _nextRef++;
        var frame = JsonSerializer.SerializeToUtf8Bytes(new { topic = "system/send", data = new { text = line, id = commandRef.ToString(CultureInfo.InvariantCulture) } });
        var command = new PendingCommand(Stopwatch.GetTimestamp(), record, KindOf(line), NewSignal());
        lock (_pending)
        {
            _pending[commandRef] = command;
        }

        if (record)
        {
            Stats.CommandSent();
        }

        await _socket!.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
        return command.Answered.Task;
    }

    /// <summary>Commands older than the answer timeout are given up: counted, and the bot is in an outage.</summary>
    private void ExpireUnanswered()
    {
        var oldest = Stopwatch.GetTimestamp() - (long)(context.AnswerTimeout.TotalSeconds * Stopwatch.Frequency);
        var expired = 0;
        lock (_pending)
        {
            foreach (var (commandRef, command) in _pending)
            {
                if (command.Sent < oldest)
                {
                    _pending.Remove(commandRef);
                    expired++;
                }
            }

            if (expired > 0)
            {
                BeginOutage("unanswered");
            }
        }

        for (var i = 0; i < expired; i++)
        {
            Stats.NotAnswered();
        }
    }

    private async Task OpenSocketAsync(CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        _inRoom = NewSignal();
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(Server) { Scheme = Server.Scheme == "https" ? "wss" : "ws", Path = "socket", Query = $"token={_token}&character={Name}" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, context.Sockets, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _receiving = Task.Run(() => ReceiveAsync(socket), CancellationToken.None);
    }

    /// <summary>Tries the next node, then the one after, waiting 100 ms, 200 ms, … up to 5 s between attempts.</summary>
    private async Task<bool> ReconnectAsync(CancellationToken cancellationToken)
    {
        Stats.Disconnected();
        Stats.Left();
        lock (_pending)
        {
            // Whatever was in flight on the lost socket will never be answered there.
            _pending.Clear();
            BeginOutage("disconnected");
        }

        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            _server++;
            try
            {
                await Task.Delay(backoff, cancellationToken);
                await OpenSocketAsync(cancellationToken);
                await _inRoom.Task.WaitAsync(context.AnswerTimeout, cancellationToken);
                Stats.Joined();
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or HttpRequestException)
            {
                backoff = TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, backoff.Ticks * 2));
            }
        }

        return false;
    }

    private async Task ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                OnFrame(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Frames are written by the server as <c>{"topic":"…","data":{…},"ref":"…"}</c>: the topic is read at
    /// the start and the ref at the end, without parsing the rest, unless the view needs it.</summary>
    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        Stats.FrameReceived();
        var topic = ReadString(frame, TopicMarker, frame.IndexOf(TopicMarker));
        if (View.Update(topic, frame))
        {
            _inRoom.TrySetResult();
        }

        var refAt = frame.LastIndexOf(RefMarker);
        if (refAt < 0 || !int.TryParse(ReadString(frame, RefMarker, refAt), NumberStyles.None, CultureInfo.InvariantCulture, out var commandRef))
        {
            return;
        }

        var isError = topic.SequenceEqual("system/error"u8);
        (TimeSpan Start, string Cause)? recovered = null;
        string? error = null;
        PendingCommand command;
        lock (_pending)
        {
            if (!_pending.Remove(commandRef, out command!))
            {
                return; // not the first frame answering this command
            }

            if (isError)
            {
                var code = ReadString(frame, CodeMarker, frame.IndexOf(CodeMarker));
                error = code.IsEmpty ? "error" : Encoding.UTF8.GetString(code);
                BeginOutage(error);
            }
            else if (command.Record && _outageStart is { } start)
            {
                recovered = (start, _outageCause);
                _outageStart = null;
            }
        }

        if (error is not null)
        {
            Stats.Error(error);
        }
        else if (command.Record)
        {
            Stats.Answer(Stopwatch.GetElapsedTime(command.Sent), command.Kind);
        }

        if (recovered is { } outage)
        {
            Stats.Recovered(Index, outage.Start, outage.Cause);
        }

        command.Answered.TrySetResult();
    }

    /// <summary>Marks the start of an outage, if one is not already running; the caller holds the lock on _pending.</summary>
    private void BeginOutage(string cause)
    {
        if (_outageStart is null)
        {
            _outageStart = Stats.Now;
            _outageCause = cause;
        }
    }

    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> marker, int at)
    {
        if (at < 0)
        {
            return [];
        }

        var rest = frame[(at + marker.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? [] : rest[..end];
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string KindOf(string line)
    {
        var verb = line.Split(' ', 2)[0];
        return verb is "north" or "south" or "east" or "west" or "up" or "down" ? "move" : verb;
    }

    private sealed record PendingCommand(long Sent, bool Record, string Kind, TaskCompletionSource Answered);
}
