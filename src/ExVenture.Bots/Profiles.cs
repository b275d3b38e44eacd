using System.Globalization;

namespace ExVenture.Bots;

/// <summary>What a bot can choose to do next. Some actions need something to act on (an exit, an item on the
/// floor, an item carried); a bot that has nothing for them looks around instead.</summary>
public enum BotAction
{
    Look,
    Say,
    Emote,
    Move,
    Inventory,
    Who,
    Map,
    Get,
    Drop,
}

/// <summary>
/// A kind of player: a weighted mix of actions, or a fixed cycle of command lines. Bots are dealt profiles by
/// weight (<c>--profiles walker=20,talker=80</c>); each bot then draws its next action from its profile's mix.
/// </summary>
public sealed class Profile
{
    private readonly (BotAction Action, double Weight)[] _mix;
    private readonly double _totalWeight;
    private readonly string[] _cycle;

    private Profile(string name, (BotAction, double)[] mix, string[] cycle, bool staysPut)
    {
        Name = name;
        _mix = mix;
        _totalWeight = mix.Sum(m => m.Item2);
        _cycle = cycle;
        StaysPut = staysPut;
    }

    public string Name { get; }

    /// <summary>Idlers connect and send nothing: the cost of a player who is only there.</summary>
    public bool IsIdle => _mix.Length == 0 && _cycle.Length == 0;

    /// <summary>A crowd stays where it stands (the start room, for a fresh character) so that every line it says
    /// reaches everyone: the broadcast fan-out at its worst.</summary>
    public bool StaysPut { get; }

    /// <summary>The mix the benchmark issue names: look 30 %, say 20 %, move 20 %, inventory 20 %, who 10 %.</summary>
    public static Profile Mixed { get; } = Weighted("mixed", (BotAction.Look, 30), (BotAction.Say, 20), (BotAction.Move, 20), (BotAction.Inventory, 20), (BotAction.Who, 10));

    public static IReadOnlyDictionary<string, Profile> BuiltIn { get; } = new[]
    {
        Mixed,
        Weighted("mixed-no-who", (BotAction.Look, 30), (BotAction.Say, 20), (BotAction.Move, 20), (BotAction.Inventory, 20)),
        Weighted("idler"),
        Weighted("looker", (BotAction.Look, 60), (BotAction.Map, 20), (BotAction.Inventory, 20)),
        Weighted("walker", (BotAction.Move, 80), (BotAction.Look, 20)),
        Weighted("talker", (BotAction.Say, 70), (BotAction.Emote, 20), (BotAction.Who, 10)),
        Weighted("trader", (BotAction.Get, 40), (BotAction.Drop, 40), (BotAction.Move, 10), (BotAction.Inventory, 10)),
        // Local play only: nothing that leaves the room or reaches beyond it (no move, who, general or tell), so in a
        // multi-region world every command stays in the region the room and the character are homed in.
        new Profile("local", [(BotAction.Look, 30), (BotAction.Say, 30), (BotAction.Emote, 20), (BotAction.Inventory, 20)], [], staysPut: true),
        new Profile("crowd", [(BotAction.Say, 50), (BotAction.Emote, 10), (BotAction.Look, 20), (BotAction.Inventory, 20)], [], staysPut: true),
    }.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A profile that sends the same lines in order, over and over (<c>--commands look,say hi</c>).</summary>
    public static Profile Cycle(IReadOnlyList<string> lines) => new("cycle", [], [.. lines], staysPut: false);

    /// <summary>A custom mix: <c>look=30,say=20,move=20</c>.</summary>
    public static Profile ParseMix(string text)
    {
        var mix = new List<(BotAction, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2);
            if (pieces.Length != 2 || !Enum.TryParse<BotAction>(pieces[0], ignoreCase: true, out var action) ||
                !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight <= 0)
            {
                throw new ArgumentException($"'{part}' is not action=weight; actions are {string.Join(", ", Enum.GetNames<BotAction>()).ToLowerInvariant()}.");
            }

            mix.Add((action, weight));
        }

        return mix.Count == 0 ? throw new ArgumentException("--mix names no action.") : new Profile("custom", [.. mix], [], staysPut: false);
    }

    /// <summary>The command line for this bot's <paramref name="turn"/>-th command.</summary>
    public string NextCommand(int turn, BotView view, Random random)
    {
        if (_cycle.Length > 0)
        {
            return _cycle[turn % _cycle.Length];
        }

        var roll = random.NextDouble() * _totalWeight;
        var action = _mix[^1].Action;
        foreach (var (candidate, weight) in _mix)
        {
            if ((roll -= weight) < 0)
            {
                action = candidate;
                break;
            }
        }

        return Render(action, turn, view, random);
    }

    private static string Render(BotAction action, int turn, BotView view, Random random) => action switch
    {
        BotAction.Say => $"say {Lines[turn % Lines.Length]}",
        BotAction.Emote => $"emote {Gestures[turn % Gestures.Length]}",
        BotAction.Move when view.Exits.Count > 0 => view.Exits[random.Next(view.Exits.Count)],
        BotAction.Inventory => "inventory",
        BotAction.Who => "who",
        BotAction.Map => "map",
        BotAction.Get when view.FloorItems.Count > 0 => $"get {view.FloorItems[random.Next(view.FloorItems.Count)]}",
        BotAction.Drop when view.Carried.Count > 0 => $"drop {view.Carried[random.Next(view.Carried.Count)]}",
        BotAction.Get or BotAction.Drop when view.Exits.Count > 0 => view.Exits[random.Next(view.Exits.Count)],
        _ => "look",
    };

    private static Profile Weighted(string name, params (BotAction, double)[] mix) => new(name, mix, [], staysPut: false);

    private static readonly string[] Lines =
    [
        "the sluice gate is groaning again",
        "has anyone seen the lamp-keeper?",
        "mud to the ankles on the east path",
        "trading candle stubs for news",
        "the reservoir floor is warm today",
    ];

    private static readonly string[] Gestures = ["shrugs", "wipes silt from a boot", "squints at the sky", "counts coins twice"];
}
