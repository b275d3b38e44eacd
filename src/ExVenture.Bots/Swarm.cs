using System.Diagnostics;

namespace ExVenture.Bots;

/// <summary>What a run measured.</summary>
public sealed record SwarmResult(int Bots, TimeSpan Elapsed, Stats Stats)
{
    public bool Succeeded => Stats.Errors == 0 && Stats.Count > 0;

    public override string ToString() => $"{Bots} bots: {Stats.Summary(Elapsed)}";
}

/// <summary>Signs the bots up, runs their closed loop for the configured time, and closes them.</summary>
public static class Swarm
{
    public static async Task<SwarmResult> RunAsync(BotOptions options, TextWriter progress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var bots = Enumerable.Range(0, options.Bots).Select(i => new Bot(http, options.Servers, i, Bot.NameFor(i))).ToList();
        await progress.WriteLineAsync($"Connecting {bots.Count} bots to {string.Join(", ", options.Servers)} ...");
        using (var connecting = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            await Parallel.ForEachAsync(
                bots,
                new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = connecting.Token },
                (bot, ct) => new ValueTask(bot.SignUpAsync(ct)));
        }

        var stats = new Stats();
        await progress.WriteLineAsync($"Running a closed loop of [{string.Join(", ", options.Commands)}] for {options.Seconds} s ...");
        using var run = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(bots.Select(bot => bot.RunAsync(options.Commands, stats, run.Token)));
        var elapsed = clock.Elapsed;
        await Task.WhenAll(bots.Select(bot => bot.CloseAsync()));
        return new SwarmResult(options.Bots, elapsed, stats);
    }
}
