using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ExVenture.Bots;

/// <summary>
/// A swarm of bots against one or more nodes: connects players (optionally spread over a ramp), lets them play,
/// measures phases, and samples the server processes, with a live progress line. <see cref="RunAsync"/> runs the
/// plan the options describe (a steady run, a sign-in storm after it, or a ramp to the largest player count that
/// holds); the building blocks are public so that the benchmark suite can compose other plans (a failover while
/// the swarm plays, say).
/// </summary>
public sealed class Swarm : IAsyncDisposable
{
    private readonly BotOptions _options;
    private readonly TextWriter _progress;
    private readonly HttpClient _http;
    private readonly HttpMessageInvoker _sockets;
    private readonly BotContext _context;
    private readonly ProcessSampler _sampler;
    private readonly List<Bot> _bots = [];
    private readonly List<Task> _playing = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticker;
    private readonly bool _overwrite;

    /// <param name="api">What carries the account API's requests (sign-up, sign-in, characters); default a plain
    /// handler. The benchmark suite passes an emulation of Fly's proxy, so that sign-ups are replayed to the
    /// primary region and characters are homed where the swarm plays.</param>
    public Swarm(BotOptions options, TextWriter progress, HttpMessageHandler? api = null)
    {
        _options = options;
        _progress = progress;
        _http = new HttpClient(api ?? new HttpClientHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        _sockets = new HttpMessageInvoker(new SocketsHttpHandler { ConnectCallback = ConnectAsync(noDelay: !options.Nagle) });
        Accounts = new Accounts(_http, Stats, options.CharactersPerAccount);
        _context = new BotContext(_sockets, options.Servers, Accounts, Stats, options.Rate, options.AnswerTimeout);
        _sampler = new ProcessSampler(options.ServerPids);
        _overwrite = ReferenceEquals(progress, Console.Error) && !Console.IsErrorRedirected;
        _ticker = options.Quiet && options.ServerPids.Count == 0 ? Task.CompletedTask : TickAsync(_stop.Token);
    }

    public Stats Stats { get; } = new();

    public Accounts Accounts { get; }

    public IReadOnlyList<Bot> Bots
    {
        get
        {
            lock (_bots)
            {
                return [.. _bots];
            }
        }
    }

    public static string Machine => FormattableString.Invariant(
        $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    /// <summary>Runs the plan the options describe and returns what it measured.</summary>
    public static async Task<SwarmReport> RunAsync(BotOptions options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        await using var swarm = new Swarm(options, progress);
        return options.FindMax ? await swarm.FindMaxAsync(cancellationToken) : await swarm.SteadyAsync(cancellationToken);
    }

    /// <summary>Adds <paramref name="count"/> players: signs them up, opens their sockets (spread over the ramp, if
    /// any), lets them wander, and sets them playing. A player that cannot connect is counted as a
    /// <c>connect_failed</c> error and left out.</summary>
    public async Task<ConnectResult> AddBotsAsync(int count, CancellationToken cancellationToken)
    {
        List<Bot> joining;
        lock (_bots)
        {
            joining = [.. Enumerable.Range(_options.FirstBot + _bots.Count, count).Select(i => new Bot(_context, i, _options.ProfileFor(i)))];
        }

        Write($"Signing up {count} players ({_options.Describe()}) ...");
        await Parallel.ForEachAsync(joining, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, (bot, ct) => new ValueTask(bot.PrepareAsync(ct)));

        Write($"Connecting {count} players to {string.Join(", ", _options.Servers)} ...");
        var connectLatency = new LatencyHistogram();
        var started = Stopwatch.GetTimestamp();
        long lastConnected = started;
        var spacing = _options.RampSeconds > 0 ? TimeSpan.FromSeconds((double)_options.RampSeconds / count) : TimeSpan.Zero;
        var settling = new List<Task>();
        await Parallel.ForEachAsync(
            joining.Select((bot, k) => (bot, k)),
            new ParallelOptions { MaxDegreeOfParallelism = spacing > TimeSpan.Zero ? count : _options.ConnectParallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var due = (spacing * item.k) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                try
                {
                    connectLatency.Record(await item.bot.ConnectAsync(ct));
                    LatencyHistogram.RaiseTo(ref lastConnected, Stopwatch.GetTimestamp());
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Stats.Error("connect_failed");
                    return;
                }

                // Wandering does not hold a connect slot: the connect rate is the sockets' alone.
                lock (settling)
                {
                    settling.Add(WanderThenPlayAsync(item.bot, ct));
                }
            });
        await Task.WhenAll(settling);

        return new ConnectResult((int)connectLatency.Count, Stopwatch.GetElapsedTime(started, lastConnected).TotalSeconds, connectLatency.Summary(), Stats.SignInLatency.Summary());
    }

    private async Task WanderThenPlayAsync(Bot bot, CancellationToken cancellationToken)
    {
        try
        {
            await bot.WalkAsync(_options.Walk, cancellationToken);
            await bot.WanderAsync(bot.Profile.StaysPut ? 0 : _options.Wander, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            Stats.Error("wander_failed"); // it plays from wherever it stopped
        }

        lock (_bots)
        {
            _bots.Add(bot);
            _playing.Add(bot.PlayAsync(_stop.Token));
        }
    }

    /// <summary>Lets the players play for <paramref name="duration"/> and returns what that stretch measured.</summary>
    /// <param name="into">If given, the stretch's latencies are also added to it (to merge several swarms' figures).</param>
    public async Task<PhaseResult> MeasureAsync(string name, TimeSpan duration, CancellationToken cancellationToken, LatencyHistogram? into = null)
    {
        var (sent, frames, errors, disconnects, from) = (Stats.Sent, Stats.Frames, Stats.Errors, Stats.Disconnects, Stats.Now);
        Stats.NextPhase();
        await Task.Delay(duration, cancellationToken);
        var histogram = Stats.NextPhase();
        into?.Add(histogram);
        var latency = histogram.Summary();
        var to = Stats.Now;
        var seconds = (to - from).TotalSeconds;
        var bots = Bots;
        var playing = bots.Count(b => !b.Profile.IsIdle);
        var sentPerSecond = (Stats.Sent - sent) / seconds;
        var errorsNow = Stats.Errors;
        return new PhaseResult(
            name,
            bots.Count,
            Math.Round(seconds, 1),
            Math.Round(_options.Rate > 0 ? playing * _options.Rate : sentPerSecond),
            Math.Round(sentPerSecond),
            Math.Round(latency.Count / seconds),
            Math.Round((Stats.Frames - frames) / seconds),
            latency,
            errorsNow.Where(e => e.Value > errors.GetValueOrDefault(e.Key)).ToDictionary(e => e.Key, e => e.Value - errors.GetValueOrDefault(e.Key)),
            Stats.Disconnects - disconnects,
            _sampler.Usage(from, to));
    }

    /// <summary>Password sign-ins at <paramref name="perSecond"/> for <paramref name="duration"/>, on the swarm's
    /// own accounts, while the players keep playing.</summary>
    public async Task<StormResult> SignInStormAsync(double perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var accounts = Math.Max(1, (Bots.Count + _options.CharactersPerAccount - 1) / _options.CharactersPerAccount);
        var latency = new LatencyHistogram();
        var failures = 0L;
        var signIns = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        for (var k = 0; Stopwatch.GetElapsedTime(started) < duration; k++)
        {
            var due = TimeSpan.FromSeconds(k / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            signIns.Add(SignInOnceAsync(k % accounts, _options.Servers[k % _options.Servers.Count]));
        }

        await Task.WhenAll(signIns);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new StormResult(perSecond, Math.Round(latency.Count / seconds, 1), failures, latency.Summary());

        async Task SignInOnceAsync(int account, Uri server)
        {
            try
            {
                var begun = Stopwatch.GetTimestamp();
                await Accounts.SignInAsync(account, server, cancellationToken);
                latency.Record(Stopwatch.GetElapsedTime(begun));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] playing;
        lock (_bots)
        {
            playing = [.. _playing];
        }

        await Task.WhenAll(playing).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        await Parallel.ForEachAsync(Bots, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (bot, _) => await bot.CloseAsync());
        await _ticker;
        if (_overwrite)
        {
            await _progress.WriteLineAsync();
        }

        _http.Dispose();
        _sockets.Dispose();
        _stop.Dispose();
    }

    private async Task<SwarmReport> SteadyAsync(CancellationToken cancellationToken)
    {
        var connect = await AddBotsAsync(_options.Bots, cancellationToken);
        Write($"Playing for {_options.Seconds} s ...");
        List<PhaseResult> phases = [await MeasureAsync("steady", TimeSpan.FromSeconds(_options.Seconds), cancellationToken)];
        StormResult? storm = null;
        if (_options.SignInStorm > 0)
        {
            Write(FormattableString.Invariant($"Playing for {_options.Seconds} s more, with {_options.SignInStorm} password sign-ins per second ..."));
            var storming = SignInStormAsync(_options.SignInStorm, TimeSpan.FromSeconds(_options.Seconds), cancellationToken);
            phases.Add(await MeasureAsync("sign-in storm", TimeSpan.FromSeconds(_options.Seconds), cancellationToken));
            storm = await storming;
        }

        return new SwarmReport(Machine, Plan(), connect, phases, storm, null, Stats.ByCommand, Stats.Outages);
    }

    /// <summary>Adds players step by step until a step fails its limits; the step before is the figure.</summary>
    private async Task<SwarmReport> FindMaxAsync(CancellationToken cancellationToken)
    {
        var phases = new List<PhaseResult>();
        int? largestHeld = null;
        var connect = await AddBotsAsync(_options.Bots, cancellationToken);
        while (true)
        {
            Write($"Measuring {Bots.Count} players for {_options.StepSeconds} s ...");
            var phase = await MeasureAsync($"step {phases.Count + 1}", TimeSpan.FromSeconds(_options.StepSeconds), cancellationToken);
            phases.Add(phase);
            var why = WhyNotHeld(phase);
            Write($"{phase}{(why is null ? "" : $"  <- did not hold: {why}")}");
            if (why is not null)
            {
                break;
            }

            largestHeld = phase.Bots;
            var next = Math.Min(_options.Step, _options.MaxBots - phase.Bots);
            if (next <= 0)
            {
                break;
            }

            await AddBotsAsync(next, cancellationToken);
        }

        return new SwarmReport(Machine, Plan(), connect, phases, null, largestHeld ?? 0, Stats.ByCommand, Stats.Outages);
    }

    private string? WhyNotHeld(PhaseResult phase) =>
        phase.Latency.P99 > _options.P99Milliseconds ? FormattableString.Invariant($"p99 {phase.Latency.P99:F1} ms > {_options.P99Milliseconds} ms")
        : phase.ErrorCount > 0.01 * Math.Max(1, phase.Latency.Count) ? $"{phase.ErrorCount} errors"
        : phase.AnsweredPerSecond < 0.95 * phase.OfferedPerSecond ? FormattableString.Invariant($"answered {phase.AnsweredPerSecond:F0}/s of {phase.OfferedPerSecond:F0}/s offered")
        : phase.Bots < _options.Bots ? "players failed to connect"
        : null;

    private string Plan() => FormattableString.Invariant(
        $"plan: {(_options.FindMax ? $"ramp from {_options.Bots} by {_options.Step} every {_options.StepSeconds} s to p99 {_options.P99Milliseconds} ms" : $"{_options.Bots} players for {_options.Seconds} s")}; {_options.Describe()}; {string.Join(", ", _options.Servers)}");

    /// <summary>Every second: sample the processes, and show one line of what the last second measured.</summary>
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var (sent, answered) = (0L, 0L);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var samples = _sampler.Sample(Stats.Now);
                var tick = Stats.NextTick();
                var (sentNow, answeredNow) = (Stats.Sent, Stats.Answered);
                if (_options.Quiet)
                {
                    continue;
                }

                var line = FormattableString.Invariant(
                    $"[{Stats.Now.TotalSeconds,5:F0} s] players {Stats.Connected,5}  sent {sentNow - sent,6}/s  answered {answeredNow - answered,6}/s  p99 {tick.PercentileMilliseconds(0.99),7:F1} ms  errors {Stats.ErrorCount}  disconnects {Stats.Disconnects}") +
                    string.Concat(samples.Select(s => FormattableString.Invariant($"  {s.Process} {s.CpuPercent:F0}% {s.ResidentBytes / (1024 * 1024)}MB")));
                (sent, answered) = (sentNow, answeredNow);
                if (_overwrite)
                {
                    await _progress.WriteAsync("\r" + line.PadRight(Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 200) : line.Length));
                }
                else if ((int)Stats.Now.TotalSeconds % 5 == 0)
                {
                    await _progress.WriteLineAsync(line);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Write(string line)
    {
        lock (_progress)
        {
            _progress.WriteLine(_overwrite ? "\r" + line : line);
        }
    }

    /// <summary>Opens the TCP connection under each WebSocket, with TCP_NODELAY as asked (Nagle's algorithm off when set).</summary>
    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectAsync(bool noDelay) => async (context, cancellationToken) =>
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = noDelay };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };
}
