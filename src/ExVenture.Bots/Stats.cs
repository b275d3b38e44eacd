using System.Collections.Concurrent;
using System.Diagnostics;

namespace ExVenture.Bots;

/// <summary>
/// Everything the bots count, shared by all of them (thread-safe). Latencies go to three histograms at once: the
/// whole run, the current phase (a steady period or a ramp step, swapped by the swarm) and the current progress
/// tick (swapped every second for the live line).
/// </summary>
public sealed class Stats
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Outage> _outages = new();
    private readonly ConcurrentDictionary<string, LatencyHistogram> _byCommand = new(StringComparer.Ordinal);
    private LatencyHistogram _phase = new();
    private LatencyHistogram _tick = new();
    private long _sent;
    private long _unanswered;
    private long _disconnects;
    private long _connected;
    private long _frames;

    public LatencyHistogram Total { get; } = new();

    /// <summary>Socket opened to the character standing in its room (the first <c>Room.Info</c>).</summary>
    public LatencyHistogram ConnectLatency { get; } = new();

    /// <summary>Password sign-ins (<c>POST /api/sessions</c>).</summary>
    public LatencyHistogram SignInLatency { get; } = new();

    /// <summary>Time since the swarm started: the clock outages are told in.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Answered => Total.Count;

    public long Unanswered => Interlocked.Read(ref _unanswered);

    public long Disconnects => Interlocked.Read(ref _disconnects);

    public long Connected => Interlocked.Read(ref _connected);

    /// <summary>Every frame the bots received, answers and what others caused alike: the fan-out delivered.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Error answers by code (<c>system/error</c> frames answering a command, plus the bots' own
    /// <c>unanswered</c> for commands nobody answered within the timeout).</summary>
    public IReadOnlyDictionary<string, long> Errors => _errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public long ErrorCount => _errors.Values.Sum();

    public IReadOnlyList<Outage> Outages => [.. _outages];

    public void CommandSent() => Interlocked.Increment(ref _sent);

    public void FrameReceived() => Interlocked.Increment(ref _frames);

    /// <summary>Latency of the whole run by kind of command (its first word; every direction is <c>move</c>).</summary>
    public IReadOnlyDictionary<string, LatencySummary> ByCommand =>
        _byCommand.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value.Summary(), StringComparer.Ordinal);

    public void Answer(TimeSpan latency, string kind)
    {
        Total.Record(latency);
        _byCommand.GetOrAdd(kind, _ => new LatencyHistogram()).Record(latency);
        Volatile.Read(ref _phase).Record(latency);
        Volatile.Read(ref _tick).Record(latency);
    }

    public void Error(string code) => _errors.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void NotAnswered()
    {
        Interlocked.Increment(ref _unanswered);
        Error("unanswered");
    }

    public void Disconnected() => Interlocked.Increment(ref _disconnects);

    public void Joined() => Interlocked.Increment(ref _connected);

    public void Left() => Interlocked.Decrement(ref _connected);

    /// <summary>A bot that could not play from <paramref name="start"/> until its next answered command, because of
    /// <paramref name="cause"/> (<c>disconnected</c>, <c>unanswered</c>, or the code of an error answer).</summary>
    public void Recovered(int bot, TimeSpan start, string cause) => _outages.Enqueue(new Outage(bot, start, Now, cause));

    /// <summary>Starts a new phase and returns the one that ended.</summary>
    public LatencyHistogram NextPhase() => Interlocked.Exchange(ref _phase, new LatencyHistogram());

    /// <summary>Starts a new progress tick and returns the one that ended.</summary>
    public LatencyHistogram NextTick() => Interlocked.Exchange(ref _tick, new LatencyHistogram());
}

/// <summary>A stretch of time in which one bot could not play, and what began it.</summary>
public sealed record Outage(int Bot, TimeSpan Start, TimeSpan End, string Cause)
{
    public TimeSpan Duration => End - Start;
}
