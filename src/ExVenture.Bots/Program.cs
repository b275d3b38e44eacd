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

var result = await Swarm.RunAsync(options, Console.Out);
Console.WriteLine(result);
return result.Succeeded ? 0 : 1;
