using System.Globalization;

namespace ExVenture.Bots;

/// <summary>
/// Command-line options. Bounded by design: a run always ends (a fixed time, or a ramp with a largest size), and
/// only loopback targets are accepted unless <c>--allow-remote</c> is given.
/// </summary>
public sealed record BotOptions
{
    public const string Usage = """
        exventure-bots [options]

        Targets
          --url URL[,URL...]          nodes to play on (default http://localhost:4000); bots are dealt round the list
                                      and a bot whose node goes away reconnects to the next one
          --allow-remote              accept targets that are not this machine
          --pid PID[,PID...]          server processes on this machine to sample for CPU and memory

        Players
          --bots N                    players (default 50; the first step in --find-max)
          --profiles NAME=W[,...]     deal bots profiles by weight (default mixed=1). Profiles:
                                      mixed (look 30, say 20, move 20, inventory 20, who 10), mixed-no-who, idler,
                                      looker, walker, talker, trader (gets and drops items), crowd (say 50, emote 10,
                                      look 20, inventory 20; never moves), local (look 30, say 30, emote 20,
                                      inventory 20; never moves: play that stays in the room the walk reached)
          --mix ACTION=W[,...]        one custom profile for every bot, e.g. look=50,who=50
          --commands LINE[,LINE...]   a fixed cycle of command lines for every bot
          --rate R                    commands per second per bot, paced open loop (default 0: closed loop, the
                                      next command as soon as the answer arrives)
          --walk DIR[,DIR...]         before measuring (and before --wander), every bot takes these exits in order,
                                      e.g. west,west from the start room to the Reed Landing
          --first-bot N               number this swarm's bots (characters and accounts) from N (default 0), so
                                      several swarms can share one database without sharing characters
          --wander N                  before measuring, every bot but the crowd walks up to N steps toward a corner
                                      of its own, spreading the swarm over the world
          --characters-per-account N  characters sharing one account (default 5; at most the server's CHARACTER_LIMIT)
          --nagle                     leave Nagle's algorithm on for the bots' sockets (default: TCP_NODELAY set)

        Time
          --seconds S                 length of the measured phase (default 20)
          --ramp S                    spread logins over S seconds (default 0: as fast as --connect-parallelism allows)
          --connect-parallelism N     sockets being opened at once (default 64)
          --signin-storm R            after the calm phase, a second phase as long with R password sign-ins per second

        Ramp mode
          --find-max                  add --step players every --step-seconds until p99 passes --p99 (or errors
                                      pass 1 %, or answers fall 5 % behind the offered rate); report the largest
                                      count that held
          --p99 MS  --step N  --step-seconds S  --max-bots N     (defaults 50, 500, 20, 20000)

        Output
          --json PATH                 also write the report as JSON
          --quiet                     no live progress line

        Characters are reused from earlier runs against the same database when --characters-per-account is the same.
        """;

    public required IReadOnlyList<Uri> Servers { get; init; }

    public int Bots { get; init; } = 50;

    public IReadOnlyList<(Profile Profile, double Weight)> Profiles { get; init; } = [(Profile.Mixed, 1)];

    public double Rate { get; init; }

    public int Wander { get; init; }

    public IReadOnlyList<string> Walk { get; init; } = [];

    public int FirstBot { get; init; }

    public int CharactersPerAccount { get; init; } = 5;

    public bool Nagle { get; init; }

    public int Seconds { get; init; } = 20;

    public int RampSeconds { get; init; }

    public int ConnectParallelism { get; init; } = 64;

    public double SignInStorm { get; init; }

    public bool FindMax { get; init; }

    public double P99Milliseconds { get; init; } = 50;

    public int Step { get; init; } = 500;

    public int StepSeconds { get; init; } = 20;

    public int MaxBots { get; init; } = 20_000;

    public IReadOnlyList<int> ServerPids { get; init; } = [];

    public string? JsonPath { get; init; }

    public bool Quiet { get; init; }

    public bool AllowRemote { get; init; }

    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The profile of bot number <paramref name="index"/>: profiles are dealt in proportion to their weights.</summary>
    public Profile ProfileFor(int index)
    {
        var total = Profiles.Sum(p => p.Weight);
        // The bot's position within a repeating deal of 1000 seats, so any prefix of the swarm has the right shares.
        var seat = ((index * 617L) % 1000 + 0.5) / 1000 * total;
        foreach (var (profile, weight) in Profiles)
        {
            if ((seat -= weight) < 0)
            {
                return profile;
            }
        }

        return Profiles[^1].Profile;
    }

    public string Describe() =>
        string.Join(", ", Profiles.Select(p => FormattableString.Invariant($"{p.Profile.Name} {p.Weight / Profiles.Sum(q => q.Weight):P0}"))) +
        (Rate > 0 ? FormattableString.Invariant($" at {Rate:0.##} command/s each") : ", closed loop") +
        (Nagle ? ", Nagle on" : "");

    public static BotOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string[] valued = ["--url", "--pid", "--bots", "--profiles", "--mix", "--commands", "--rate", "--walk", "--first-bot", "--wander", "--characters-per-account",
            "--seconds", "--ramp", "--connect-parallelism", "--signin-storm", "--p99", "--step", "--step-seconds", "--max-bots", "--json"];
        string[] switches = ["--allow-remote", "--nagle", "--find-max", "--quiet"];
        for (var i = 0; i < args.Length; i++)
        {
            if (switches.Contains(args[i]))
            {
                flags.Add(args[i]);
            }
            else if (valued.Contains(args[i]) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown or incomplete option '{args[i]}'.\n\n{Usage}");
            }
        }

        var servers = List(values.GetValueOrDefault("--url", "http://localhost:4000")).Select(u => new Uri(u)).ToList();
        var allowRemote = flags.Contains("--allow-remote");
        if (!allowRemote && servers.FirstOrDefault(s => !s.IsLoopback) is { } remote)
        {
            throw new ArgumentException($"{remote} is not a loopback address; pass --allow-remote to load another machine on purpose.");
        }

        if (new[] { "--profiles", "--mix", "--commands" }.Count(values.ContainsKey) > 1)
        {
            throw new ArgumentException("Give one of --profiles, --mix and --commands.");
        }

        return new BotOptions
        {
            Servers = servers,
            AllowRemote = allowRemote,
            ServerPids = [.. List(values.GetValueOrDefault("--pid", "")).Select(p => Whole(p, "--pid", 1, int.MaxValue))],
            Bots = Whole(values.GetValueOrDefault("--bots", "50"), "--bots", 1, 20_000),
            Profiles = values.TryGetValue("--mix", out var mix) ? [(Profile.ParseMix(mix), 1)]
                : values.TryGetValue("--commands", out var commands) ? [(Profile.Cycle(List(commands)), 1)]
                : ParseProfiles(values.GetValueOrDefault("--profiles", "mixed=1")),
            Rate = Number(values.GetValueOrDefault("--rate", "0"), "--rate", 0, 100),
            Walk = List(values.GetValueOrDefault("--walk", "")),
            FirstBot = Whole(values.GetValueOrDefault("--first-bot", "0"), "--first-bot", 0, 1_000_000),
            Wander = Whole(values.GetValueOrDefault("--wander", "0"), "--wander", 0, 100),
            CharactersPerAccount = Whole(values.GetValueOrDefault("--characters-per-account", "5"), "--characters-per-account", 1, 1000),
            Nagle = flags.Contains("--nagle"),
            Seconds = Whole(values.GetValueOrDefault("--seconds", "20"), "--seconds", 1, 3_600),
            RampSeconds = Whole(values.GetValueOrDefault("--ramp", "0"), "--ramp", 0, 3_600),
            ConnectParallelism = Whole(values.GetValueOrDefault("--connect-parallelism", "64"), "--connect-parallelism", 1, 1_000),
            SignInStorm = Number(values.GetValueOrDefault("--signin-storm", "0"), "--signin-storm", 0, 10_000),
            FindMax = flags.Contains("--find-max"),
            P99Milliseconds = Number(values.GetValueOrDefault("--p99", "50"), "--p99", 1, 60_000),
            Step = Whole(values.GetValueOrDefault("--step", "500"), "--step", 1, 20_000),
            StepSeconds = Whole(values.GetValueOrDefault("--step-seconds", "20"), "--step-seconds", 1, 3_600),
            MaxBots = Whole(values.GetValueOrDefault("--max-bots", "20000"), "--max-bots", 1, 20_000),
            JsonPath = values.GetValueOrDefault("--json"),
            Quiet = flags.Contains("--quiet"),
        };
    }

    private static List<(Profile, double)> ParseProfiles(string text)
    {
        var profiles = new List<(Profile, double)>();
        foreach (var part in List(text))
        {
            var pieces = part.Split('=', 2);
            if (!Profile.BuiltIn.TryGetValue(pieces[0], out var profile))
            {
                throw new ArgumentException($"Unknown profile '{pieces[0]}'; profiles are {string.Join(", ", Profile.BuiltIn.Keys)}.");
            }

            profiles.Add((profile, pieces.Length == 2 ? Number(pieces[1], "--profiles weight", 0.001, 1_000_000) : 1));
        }

        return profiles.Count > 0 ? profiles : throw new ArgumentException("--profiles names no profile.");
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Whole(string text, string name, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}.");

    private static double Number(string text, string name, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException(FormattableString.Invariant($"{name} must be a number from {min} to {max}."));
}
