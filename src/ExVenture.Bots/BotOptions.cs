using System.Globalization;

namespace ExVenture.Bots;

/// <summary>Command-line options. Bounded by design: a run always ends after <see cref="Seconds"/>, and only
/// loopback targets are accepted unless <c>--allow-remote</c> is given.</summary>
public sealed record BotOptions(IReadOnlyList<Uri> Servers, int Bots, int Seconds, string[] Commands, bool AllowRemote)
{
    public const string Usage = """
        exventure-bots [--url http://localhost:4000[,http://localhost:4001,...]] [--bots 50] [--seconds 20]
                       [--commands look,say hi,inventory] [--allow-remote]

        Every bot registers (or reuses) an account and a character, connects a WebSocket, and sends its next
        command as soon as the answer to the previous one arrives (a closed loop), cycling through --commands.
        Prints commands per second and the latency from each command to the first frame answering it. With several
        URLs, bots are spread over the nodes, and a bot whose node goes away reconnects to the next one.
        """;

    public static BotOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var allowRemote = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--allow-remote":
                    allowRemote = true;
                    break;
                case "--url" or "--bots" or "--seconds" or "--commands" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
            }
        }

        var servers = values.GetValueOrDefault("--url", "http://localhost:4000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u))
            .ToList();
        if (!allowRemote && servers.FirstOrDefault(s => !s.IsLoopback) is { } remote)
        {
            throw new ArgumentException($"{remote} is not a loopback address; pass --allow-remote to load another machine on purpose.");
        }

        return new BotOptions(
            servers,
            Bounded(values.GetValueOrDefault("--bots", "50"), "--bots", 1, 20_000),
            Bounded(values.GetValueOrDefault("--seconds", "20"), "--seconds", 1, 3_600),
            values.GetValueOrDefault("--commands", "look,say hello,inventory,who").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            allowRemote);
    }

    private static int Bounded(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}.");
}
