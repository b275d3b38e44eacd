using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>The words a command takes after its switches (e.g. the character of <c>game kick</c>), which the wire's
/// <see cref="CommandInfo"/> describes only in its usage line.</summary>
/// <param name="Name">What the usage line calls them, e.g. "character".</param>
/// <param name="Min">The fewest words accepted.</param>
/// <param name="Max">The most words accepted (<see cref="int.MaxValue"/>: the rest of the line).</param>
/// <param name="Choices">When set, the one word must be one of these (e.g. "check" for <c>game world</c>).</param>
public sealed record Positional(string Name, int Min, int Max, IReadOnlyList<string>? Choices = null)
{
    public static Positional None { get; } = new("", 0, 0);
}

/// <summary>One command as the host knows it: what the client is told (<see cref="Info"/>), plus what the parser needs.</summary>
public sealed record CommandSpec(string Palette, CommandInfo Info, Positional Words)
{
    public string Name => Info.Name;

    public string Usage => Info.Usage;
}

/// <summary>
/// Every palette and command the operator host serves, defined once: <c>GET /pbm/v1/palettes</c> hands these to
/// <c>pbm</c> for help and tab completion, and <see cref="OperatorArguments"/> parses requests against them, so what
/// the client shows and what the host accepts cannot drift apart.
/// </summary>
public static class OperatorPalettes
{
    public const string Cluster = "cluster";
    public const string Sharding = "cluster-sharding";
    public const string Actor = "actor";
    public const string Game = "game";
    public const string Log = "log";

    private static readonly SwitchInfo Address = new("a", "A member's address, e.g. akka.tcp://exventure@10.0.0.5:4053", Required: true);
    private static readonly SwitchInfo EntityType = new("r", "The entity type (a shard region), e.g. character or room; see 'cluster-sharding regions'", Required: true);

    private static readonly (string Name, string Description, CommandSpec[] Commands)[] Definitions =
    [
        (Cluster, "Cluster membership: see it, follow it, change it", [
            Command(Cluster, "show", "Every member: address, roles, status, reachability"),
            Command(Cluster, "status", "This node's membership"),
            Command(Cluster, "leader", "The cluster's leader"),
            Command(Cluster, "leave", "This node leaves the cluster gracefully (its players are told, its shards handed over) and shuts down; answers once it has left"),
            Command(Cluster, "join", "This node joins the cluster of the member at the address", [Address]),
            Command(Cluster, "down", "Marks the member at the address as down (use for a node that is gone for good)", [Address]),
            Command(Cluster, "down-unreachable", "Marks every unreachable member as down"),
            Command(Cluster, "tail", "Follows membership and reachability events until you stop it", streams: true),
        ]),
        (Sharding, "Shard regions: where the entities live", [
            Command(Sharding, "regions", "The entity types (shard regions) of this cluster"),
            Command(Sharding, "region-stats", "Per node: the shards and entities it hosts for the type", [EntityType]),
            Command(Sharding, "shard-stats", "Per shard: its entities and the node that holds it", [EntityType]),
        ]),
        (Actor, "This node's actor system", [
            Command(Actor, "system", "Name, address, uptime and versions of this node's actor system"),
            Command(Actor, "hierarchy", "The /user actor tree of this node", [new SwitchInfo("d", "How deep to go (1-10, default 3)", Required: false)]),
        ]),
        (Game, "The game: players and world", [
            Command(Game, "who", "Every player online, with their node and region"),
            Command(Game, "kick", "Disconnects a player with a message", words: new Positional("character", 1, 1)),
            Command(Game, "where", "Where a character is homed and which node runs it", words: new Positional("character", 1, 1)),
            Command(Game, "wall", "Sends a message to every player on every node", words: new Positional("text", 1, int.MaxValue)),
            Command(Game, "world", "Loads and validates the world files in this node's WORLD_DIR", words: new Positional("check", 1, 1, ["check"])),
        ]),
        (Log, "This node's log", [
            Command(Log, "peek", "The node's most recent log lines", [new SwitchInfo("n", "How many lines (1-500, default 50)", Required: false)]),
        ]),
    ];

    /// <summary>What <c>GET /pbm/v1/palettes</c> answers.</summary>
    public static IReadOnlyList<PaletteInfo> All { get; } =
        Definitions.Select(p => new PaletteInfo(p.Name, p.Description, p.Commands.Select(c => c.Info).ToList())).ToList();

    public static IReadOnlyList<CommandSpec> Commands { get; } = Definitions.SelectMany(p => p.Commands).ToList();

    /// <summary>The command, or null when the palette or the command is unknown (404).</summary>
    public static CommandSpec? Find(string? palette, string? command) =>
        Commands.FirstOrDefault(c =>
            string.Equals(c.Palette, palette?.Trim(), StringComparison.OrdinalIgnoreCase)
            && string.Equals(c.Name, command?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static CommandSpec Command(string palette, string name, string description, SwitchInfo[]? switches = null, Positional? words = null, bool streams = false)
    {
        words ??= Positional.None;
        var usage = string.Join(' ', new[] { palette, name }
            .Concat((switches ?? []).Select(s => s.Required ? $"-{s.Name} <{ValueName(s)}>" : $"[-{s.Name} <{ValueName(s)}>]"))
            .Concat(words.Max == 0 ? [] : [words.Choices is { } choices ? string.Join('|', choices) : words.Max > 1 ? $"<{words.Name}…>" : $"<{words.Name}>"]));
        return new CommandSpec(palette, new CommandInfo(name, description, usage, switches ?? [], streams), words);
    }

    private static string ValueName(SwitchInfo info) => info.Name switch
    {
        "a" => "address",
        "r" => "type",
        "d" => "depth",
        "n" => "lines",
        _ => "value",
    };
}
