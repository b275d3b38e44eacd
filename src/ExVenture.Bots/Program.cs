using System.Diagnostics;
using ExVenture.Bots;

BotOptions options;
try
{
    options = BotOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
var bots = Enumerable.Range(0, options.Bots).Select(i => new Bot(http, options.Servers, i, Bot.NameFor(i))).ToList();
Console.WriteLine($"Connecting {bots.Count} bots to {string.Join(", ", options.Servers)} ...");
using (var connecting = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
{
    await Parallel.ForEachAsync(bots, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = connecting.Token }, (bot, ct) => new ValueTask(bot.SignUpAsync(ct)));
}

var stats = new Stats();
Console.WriteLine($"Running a closed loop of [{string.Join(", ", options.Commands)}] for {options.Seconds} s ...");
using var run = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
var clock = Stopwatch.StartNew();
await Task.WhenAll(bots.Select(bot => bot.RunAsync(options.Commands, stats, run.Token)));
var elapsed = clock.Elapsed;
await Task.WhenAll(bots.Select(bot => bot.CloseAsync()));

Console.WriteLine($"{options.Bots} bots: {stats.Summary(elapsed)}");
return stats.Errors == 0 && stats.Count > 0 ? 0 : 1;
