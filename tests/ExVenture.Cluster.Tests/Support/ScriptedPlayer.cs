using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>An item as the server showed it: its instance id (unique for all time) and its name.</summary>
internal sealed record ItemSeen(string Id, string Name)
{
    public static IReadOnlyList<ItemSeen> ListFrom(JsonElement items) =>
        items.EnumerateArray().Select(i => new ItemSeen(i.GetProperty("id").GetString()!, i.GetProperty("name").GetString()!)).ToList();
}

/// <summary>A room as a <c>Room.Info</c> frame showed it.</summary>
internal sealed record RoomSeen(string Id, IReadOnlyList<string> Characters, IReadOnlyList<ItemSeen> Items)
{
    public static RoomSeen From(JsonElement data) => new(
        data.GetProperty("id").GetString()!,
        data.GetProperty("characters").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList(),
        ItemSeen.ListFrom(data.GetProperty("items")));
}

internal enum EffectKind
{
    Move,
    Get,
    Drop,
}

/// <summary>What a command changes if it happens: a move to <paramref name="ToRoom"/>, or one item named <paramref name="ItemName"/> gained or lost.</summary>
internal sealed record Effect(EffectKind Kind, string? ToRoom, string? ItemName);

internal enum Outcome
{
    /// <summary>The server answered it: its answer says what happened.</summary>
    Answered,

    /// <summary>Refused before it reached the game (<c>rate_limited</c>): certainly did not happen.</summary>
    Refused,

    /// <summary>No answer (<c>unavailable</c>, silence, or the socket died): it may or may not have happened.</summary>
    Unanswered,
}

internal sealed record CommandRecord(string Ref, string Text, string Node, DateTime SentAt, TimeSpan Took, Outcome Outcome, string Detail)
{
    public override string ToString() =>
        $"{SentAt:HH:mm:ss.fff} [{Ref}] '{Text}' on {Node}: {Outcome} after {Took.TotalMilliseconds:F0} ms — {Detail}";
}

/// <summary>
/// A player driven by a script, over its own socket, that keeps account of what the server told it. Its belief about
/// its character is exactly what the frames said: the location from the last <c>Room.Info</c>, the inventory from the
/// last <c>Inventory.All</c>. Every change between two such frames must be explained: by the answer to the command
/// in flight, or by a command that got no answer (which may have happened, late or never). Anything else is a
/// violation. A command without an answer leaves its effect "open"; the player then re-reads its state (look,
/// inventory) before it plays on, which settles open moves and drops (both take effect in the character itself, in
/// command order); an open get may still land later (the room re-sends the item until the character confirms).
/// </summary>
internal sealed class ScriptedPlayer : IAsyncDisposable
{
    /// <summary>How long to wait for an answer; the server itself reports a silent world after 5 s (<c>unavailable</c>).</summary>
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(12);

    /// <summary>A pause between commands, as a person types: keeps four players well under the 10 commands/s limit on a
    /// busy machine. It paces the load; nothing waits on it for a result.</summary>
    private static readonly TimeSpan ThinkTime = TimeSpan.FromMilliseconds(150);

    /// <summary>No answered command for this long while playing: the player is stuck and the test fails.</summary>
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan ConnectWithin = TimeSpan.FromSeconds(90);

    private readonly LocalCluster _cluster;
    private readonly Random _random;
    private readonly List<CommandRecord> _history = [];
    private readonly List<string> _violations = [];
    private readonly List<(string Ref, string Text, Effect Effect)> _open = [];
    private readonly object _gate = new();
    private PlaySocket? _socket;
    private string? _token;
    private int _refs;
    private InFlight? _current;
    private bool _needsSync = true;
    private bool _inventoryKnown;
    private int _answered;
    private DateTime _lastAnswer = DateTime.UtcNow;

    public ScriptedPlayer(LocalCluster cluster, string character, int homeNode, int seed)
    {
        _cluster = cluster;
        Character = character;
        HomeNode = homeNode;
        _random = new Random(seed);
    }

    public string Character { get; }

    /// <summary>The node this player connects to while it serves.</summary>
    public int HomeNode { get; }

    /// <summary>Where the character is, as the last <c>Room.Info</c> said.</summary>
    public string? Location { get; private set; }

    /// <summary>What the character carries, as the last <c>Inventory.All</c> said.</summary>
    public IReadOnlyList<ItemSeen> Inventory { get; private set; } = [];

    /// <summary>The last room view this player received (its own room, at that moment).</summary>
    public RoomSeen? LastRoom { get; private set; }

    /// <summary>Node the current socket is on.</summary>
    public string? Node => _socket?.Node;

    public int AnsweredCount => Volatile.Read(ref _answered);

    public int Connections { get; private set; }

    public int Reconnects => Math.Max(0, Connections - 1);

    public IReadOnlyList<string> Violations { get { lock (_gate) { return _violations.ToList(); } } }

    public IReadOnlyList<CommandRecord> History { get { lock (_gate) { return _history.ToList(); } } }

    /// <summary>Commands without an answer whose effect has not shown (yet): each may still happen, or never.</summary>
    public IReadOnlyList<string> OpenCommands => _open.Select(o => $"[{o.Ref}] '{o.Text}'").ToList();

    /// <summary>Registers an account and the character through the public API of a serving node; keeps the token (any node accepts it).</summary>
    public async Task SignUpAsync()
    {
        var node = _cluster.ServingNodes[0];
        await using var account = new GameClient(node.BaseUri, Character.ToLowerInvariant() + "_plays");
        await account.SignUpAsync(Character);
        _token = account.Token;
    }

    /// <summary>Opens a socket on the home node if it serves, else on another serving node, and reads the welcome.</summary>
    public async Task ConnectAsync(int? preferredNode = null)
    {
        var previous = "";
        if (_socket is not null)
        {
            // Whatever the old socket still delivered counts: late answers explain open commands.
            while (_socket.TryTake(out var frame))
            {
                Observe(frame);
            }

            previous = $" (its socket on {_socket.Node} was {(_socket.IsGone ? _socket.EndDescription : "closed by the player")})";
            await _socket.DisposeAsync();
            _socket = null;
        }

        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        while (true)
        {
            var candidates = _cluster.ServingNodes
                .OrderBy(n => n.Index == (preferredNode ?? HomeNode) ? 0 : 1)
                .ThenBy(n => n.Index)
                .ToList();
            foreach (var node in candidates)
            {
                try
                {
                    _socket = await PlaySocket.ConnectAsync(node.BaseUri, node.Name, _token!, Character, TimeSpan.FromSeconds(10));
                    Connections++;
                    _needsSync = true;
                    if (Connections > 1)
                    {
                        _cluster.Log($"{Character} reconnected to {node.Name}{previous}");
                    }

                    await ReadWelcomeAsync();
                    return;
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
                {
                    failures.Add($"{node.Name}: {e.Message}");
                }
            }

            if (clock.Elapsed > ConnectWithin)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{Character} could not connect to any serving node within {LocalCluster.Seconds(ConnectWithin)}:\n"
                    + string.Join('\n', failures.TakeLast(10)) + "\n\n" + _cluster.Logs());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Closes this player's socket from its side (as a player leaving does).</summary>
    public async Task DisconnectAsync()
    {
        if (_socket is not null)
        {
            await _socket.DisposeAsync();
            _socket = null;
        }
    }

    /// <summary>Plays until <paramref name="stop"/>: reconnects when its socket dies, re-reads its state after any
    /// command without an answer, and otherwise walks between Mussel Street and the chandlery moving candles and lanterns.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        _lastAnswer = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            await StepAsync();
            if (DateTime.UtcNow - _lastAnswer > StuckAfter)
            {
                throw new Xunit.Sdk.XunitException($"{Character} got no answer for {LocalCluster.Seconds(StuckAfter)}.\n{Describe()}\n\n{_cluster.Logs()}");
            }

            try
            {
                await Task.Delay(ThinkTime, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One step of play: reconnect if the socket is gone, re-read the state if something went unanswered, else one scripted command.</summary>
    public async Task StepAsync()
    {
        if (_socket is null || _socket.IsGone)
        {
            await ConnectAsync();
        }

        if (_needsSync)
        {
            await SyncAsync();
            return;
        }

        await CommandAsync(NextCommand());
    }

    /// <summary>Re-reads where the character is and what it carries (look, then inventory). Returns true when both were answered.</summary>
    public async Task<bool> SyncAsync()
    {
        if (await CommandAsync("look") != Outcome.Answered)
        {
            return false;
        }

        // The look was handled after every earlier command of this character, and a move takes effect in the
        // character itself: a move without an answer that the room view did not show did not happen.
        _open.RemoveAll(o => o.Effect.Kind == EffectKind.Move);
        if (await CommandAsync("inventory") != Outcome.Answered)
        {
            return false;
        }

        // Likewise a drop takes the item out of the pack at once; a get may still land (the room re-sends it).
        _open.RemoveAll(o => o.Effect.Kind == EffectKind.Drop);
        _needsSync = false;
        return true;
    }

    /// <summary>Re-reads the state until both answers come (within <paramref name="within"/>), reconnecting if needed.</summary>
    public async Task SyncUntilAnsweredAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_socket is null || _socket.IsGone)
            {
                await ConnectAsync();
            }

            if (await SyncAsync())
            {
                return;
            }

            await Task.Delay(ThinkTime);

            if (clock.Elapsed > within)
            {
                throw new Xunit.Sdk.XunitException($"{Character} could not read its state within {LocalCluster.Seconds(within)}.\n{Describe()}\n\n{_cluster.Logs()}");
            }
        }
    }

    /// <summary>Sends one command and reads frames until it is answered (or certainly will not be), accounting for each frame.</summary>
    public async Task<Outcome> CommandAsync(string text)
    {
        var socket = _socket ?? throw new InvalidOperationException($"{Character} is not connected.");
        var commandRef = $"{Character}-{++_refs}";
        var current = new InFlight(commandRef, text, EffectOf(text));
        _current = current;
        var sentAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var (outcome, detail) = await socket.SendAsync(text, commandRef)
            ? await AwaitAnswerAsync(socket, current)
            : (Outcome.Unanswered, "could not be sent: the socket is gone");
        _current = null;

        if (outcome == Outcome.Answered)
        {
            CheckAnswer(current, detail);
            Interlocked.Increment(ref _answered);
            _lastAnswer = DateTime.UtcNow;
        }
        else if (outcome == Outcome.Unanswered)
        {
            _needsSync = true;
            if (current.Effect is { } effect)
            {
                _open.Add((commandRef, text, effect));
            }

            _cluster.Log($"{Character} '{text}' [{commandRef}] on {socket.Node} got no answer: {detail}");
        }

        lock (_gate)
        {
            _history.Add(new CommandRecord(commandRef, text, socket.Node, sentAt, clock.Elapsed, outcome, detail));
        }

        return outcome;
    }

    /// <summary>What the player knows, for failure messages.</summary>
    public string Describe(int lastCommands = 25)
    {
        var history = History;
        return $"{Character} (home node{HomeNode}, now on {Node ?? "no socket"}, {Connections} connection(s)): "
            + $"at {Location ?? "?"}, carrying [{string.Join(", ", Inventory.Select(i => i.Id))}], "
            + $"open commands [{string.Join(", ", OpenCommands)}]\n"
            + $"  violations:\n    {string.Join("\n    ", Violations.DefaultIfEmpty("none"))}\n"
            + $"  last {Math.Min(lastCommands, history.Count)} of {history.Count} commands:\n    "
            + string.Join("\n    ", history.TakeLast(lastCommands));
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync();

    private Effect? EffectOf(string text)
    {
        var words = text.Split(' ', 2);
        return words[0] switch
        {
            "north" or "south" or "east" or "west" => new Effect(EffectKind.Move, Commons.Destination(Location, words[0]), null),
            "get" => new Effect(EffectKind.Get, null, Commons.ItemNamed(words[1])),
            "drop" => new Effect(EffectKind.Drop, null, Commons.ItemNamed(words[1])),
            _ => null,
        };
    }

    private async Task ReadWelcomeAsync()
    {
        // The welcome (display, vitals, inventory, then the room) comes from the character entity. If its node has
        // just died the welcome may never come: the sync that follows asks again and the commands report it.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < AnswerWait)
        {
            var frame = await _socket!.NextAsync(AnswerWait - clock.Elapsed);
            if (frame is null)
            {
                return;
            }

            Observe(frame);
            if (frame.Topic == "Room.Info" && frame.Ref is null)
            {
                return;
            }
        }
    }

    private async Task<(Outcome, string)> AwaitAnswerAsync(PlaySocket socket, InFlight current)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var remaining = AnswerWait - clock.Elapsed;
            var frame = remaining > TimeSpan.Zero ? await socket.NextAsync(remaining) : null;
            if (frame is null)
            {
                return (Outcome.Unanswered, socket.Ended ? $"socket {socket.EndDescription}" : $"no answer within {LocalCluster.Seconds(AnswerWait)}");
            }

            Observe(frame);
            if (frame.Ref != current.Ref)
            {
                continue;
            }

            switch (frame.Topic)
            {
                case "system/error":
                    switch (frame.Data.GetProperty("code").GetString())
                    {
                        case "rate_limited":
                            return (Outcome.Refused, "rate_limited");
                        case "unavailable":
                            return (Outcome.Unanswered, "unavailable: " + frame.Data.GetProperty("message").GetString());
                        default:
                            Violation($"'{current.Text}' [{current.Ref}] was answered with an unexpected error: {frame}");
                            return (Outcome.Unanswered, "error " + frame.Data.GetRawText());
                    }

                case "system/display":
                    current.Display = frame.Text ?? string.Empty;

                    // A pick-up or drop is told first, then the new inventory follows in the same message.
                    if (!IsItemChange(current.Display) || current.InventorySeen)
                    {
                        return (Outcome.Answered, current.Display);
                    }

                    break;
                case "Inventory.All":
                    current.InventorySeen = true;
                    if (current.Display is not null)
                    {
                        return (Outcome.Answered, current.Display);
                    }

                    break;
            }
        }
    }

    private static bool IsItemChange(string text) =>
        text.StartsWith("You pick up", StringComparison.Ordinal) || text.StartsWith("You drop", StringComparison.Ordinal);

    /// <summary>Does the answer agree with what the command should have done, given what the player believed?</summary>
    private void CheckAnswer(InFlight command, string display)
    {
        switch (command.Effect?.Kind)
        {
            case EffectKind.Move when !command.EffectSeen:
                Violation($"'{command.Text}' [{command.Ref}] (to {command.Effect.ToRoom}) was answered without that move: \"{Clip(display)}\"");
                break;
            case EffectKind.Get when display.StartsWith("You pick up", StringComparison.Ordinal) != command.EffectSeen:
            case EffectKind.Drop when display.StartsWith("You drop", StringComparison.Ordinal) != command.EffectSeen:
                Violation($"'{command.Text}' [{command.Ref}] was answered \"{Clip(display)}\" but the inventory {(command.EffectSeen ? "changed" : "did not change")}");
                break;
            case EffectKind.Drop when !command.EffectSeen:
                Violation($"'{command.Text}' [{command.Ref}] failed although the player believed it carried one: \"{Clip(display)}\"");
                break;
        }
    }

    /// <summary>Accounts for one frame: every change of location or inventory must have a command behind it.</summary>
    private void Observe(ServerFrame frame)
    {
        switch (frame.Topic)
        {
            case "Room.Info":
                var room = RoomSeen.From(frame.Data);
                LastRoom = room;
                if (Location is not null && room.Id != Location)
                {
                    Explain(EffectKind.Move, room.Id, itemName: null, frame);
                }

                Location = room.Id;
                break;
            case "Inventory.All":
                var items = ItemSeen.ListFrom(frame.Data.GetProperty("items"));
                if (_inventoryKnown)
                {
                    foreach (var gained in items.Where(i => Inventory.All(held => held.Id != i.Id)))
                    {
                        Explain(EffectKind.Get, null, gained.Name, frame, gained.Id);
                    }

                    foreach (var lost in Inventory.Where(held => items.All(i => i.Id != held.Id)))
                    {
                        Explain(EffectKind.Drop, null, lost.Name, frame, lost.Id);
                    }
                }

                Inventory = items;
                _inventoryKnown = true;
                break;
        }
    }

    private void Explain(EffectKind kind, string? toRoom, string? itemName, ServerFrame frame, string? itemId = null)
    {
        bool Matches(Effect effect) => effect.Kind == kind && (kind == EffectKind.Move ? effect.ToRoom == toRoom : effect.ItemName == itemName);

        // The answer to the command in flight.
        if (_current is { Effect: { } effect } current && frame.Ref == current.Ref && !current.EffectSeen && Matches(effect))
        {
            current.EffectSeen = true;
            return;
        }

        // The command in flight, its effect shown before its answer by a frame with no ref: the state a character
        // shows its session when it picks it up again after a hand-off, which may have dropped the answer itself.
        if (_current is { Effect: { } shown } inFlight && frame.Ref is null && !inFlight.EffectSeen && Matches(shown))
        {
            _cluster.Log($"{Character}: '{inFlight.Text}' [{inFlight.Ref}] showed its effect before its answer ({frame.Topic} [no ref])");
            inFlight.EffectSeen = true;
            return;
        }

        // A command that got no answer, taking effect after all: by its own ref (a late answer), else by what it does
        // (an item the room re-sent, or the state shown after a reconnect).
        var open = _open.FindIndex(o => o.Ref == frame.Ref && Matches(o.Effect));
        if (open < 0)
        {
            open = _open.FindIndex(o => Matches(o.Effect));
        }

        if (open >= 0)
        {
            _cluster.Log($"{Character}: '{_open[open].Text}' [{_open[open].Ref}], which got no answer, did happen ({frame.Topic} [{frame.Ref ?? "no ref"}])");
            _open.RemoveAt(open);
            return;
        }

        var what = kind switch
        {
            EffectKind.Move => $"moved from {Location} to {toRoom}",
            EffectKind.Get => $"gained {itemId} ({itemName})",
            _ => $"lost {itemId} ({itemName})",
        };
        Violation($"{what} with no command to explain it: {frame}");
    }

    private void Violation(string message)
    {
        lock (_gate)
        {
            _violations.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");
        }

        _cluster.Log($"VIOLATION {Character}: {message}");
    }

    private static string Clip(string text) => text.Length <= 80 ? text.ReplaceLineEndings(" ") : text[..80].ReplaceLineEndings(" ") + "…";

    /// <summary>The next scripted command: walk between Mussel Street and the chandlery, taking and leaving candles and lanterns.</summary>
    private string NextCommand()
    {
        var floor = LastRoom?.Id == Location ? LastRoom!.Items : [];
        var onFloor = floor.Where(i => i.Name is Commons.Lantern or Commons.Candle).ToList();
        var roll = _random.Next(10);
        string? Take() => onFloor.Count > 0 && Inventory.Count < 3 ? "get " + Commons.Keyword(onFloor[_random.Next(onFloor.Count)].Name) : null;
        string? Leave() => Inventory.Count > 0 ? "drop " + Commons.Keyword(Inventory[_random.Next(Inventory.Count)].Name) : null;
        return Location switch
        {
            Commons.Green => "north",
            Commons.ChapelPorch => "west",
            Commons.HighStreet => (roll < 3 ? Leave() : roll < 5 ? Take() : null) ?? "west",
            Commons.Chandlery => (roll < 4 ? Take() : roll < 6 ? Leave() : null) ?? "east",
            _ => "look",
        };
    }

    /// <summary>The command being answered, and what the player believed when it sent it.</summary>
    private sealed class InFlight(string commandRef, string text, Effect? effect)
    {
        public string Ref { get; } = commandRef;

        public string Text { get; } = text;

        public Effect? Effect { get; } = effect;

        public string? Display { get; set; }

        public bool InventorySeen { get; set; }

        public bool EffectSeen { get; set; }
    }
}
