using ExVenture.Bots;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BotOptions.Usage);
    return 0;
}

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

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

SwarmReport report;
try
{
    report = await Swarm.RunAsync(options, Console.Error, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}

Console.WriteLine(report);
if (options.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, report.ToJson());
}

return report.Succeeded ? 0 : 1;
