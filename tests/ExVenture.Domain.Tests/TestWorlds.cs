using System.Text.Json;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests;

/// <summary>
/// A tiny world built in code for the game-rule tests:
/// <code>
///   attic (up from hall)
///   garden ─ shed
///     |
///   hall (start)
/// </code>
/// The hall holds a brass lantern and three copper coins, the garden a coil of rope.
/// </summary>
public static class TestWorlds
{
    public const string Hall = "test.hall";
    public const string Garden = "test.garden";
    public const string Attic = "test.attic";
    public const string Shed = "test.shed";

    public const string Lantern = "lantern";
    public const string Coin = "coin";
    public const string Rope = "rope";

    public const string CommandsHelpBody = "look, say, get, drop, north, south, up, down.";

    public static GameWorld Small { get; } = Build();

    /// <summary>Transfer ids "t1", "t2", … (each call starts a new sequence).</summary>
    public static Func<string> TransferIds(string prefix = "t")
    {
        var next = 0;
        return () => $"{prefix}{++next}";
    }

    private static GameWorld Build() => new(
        "Test World",
        Hall,
        [new Zone("test", "Test Zone", "A zone for tests.", null, [Hall, Garden, Attic, Shed])],
        [
            new RoomDefinition(
                Hall, "test", "Great Hall", "A long hall with a high ceiling.", 0, 0, 0,
                [new Exit(Direction.North, Garden), new Exit(Direction.Up, Attic)],
                [new ItemPlacement(Lantern, 1), new ItemPlacement(Coin, 3)]),
            new RoomDefinition(
                Garden, "test", "Walled Garden", "Weeds between the flagstones.", 0, 1, 0,
                [new Exit(Direction.South, Hall), new Exit(Direction.East, Shed)],
                [new ItemPlacement(Rope, 1)]),
            new RoomDefinition(
                Attic, "test", "Dusty Attic", "Cobwebs everywhere.", 0, 0, 1,
                [new Exit(Direction.Down, Hall)],
                []),
            new RoomDefinition(
                Shed, "test", "Tool Shed", "Rakes and spades.", 1, 1, 0,
                [new Exit(Direction.West, Garden)],
                []),
        ],
        [
            new ItemKind(Lantern, "brass lantern", "A dented brass lantern.", ["lantern", "lamp"]),
            new ItemKind(Coin, "copper coin", "A green-tinged coin.", ["coin"]),
            new ItemKind(Rope, "coil of rope", "Tarred rope.", ["rope", "coil"]),
        ],
        [
            new HelpTopic("commands", "Commands", ["commands"], CommandsHelpBody, ["movement"]),
            new HelpTopic("movement", "Moving around", ["movement", "move"], "Type a direction to walk.", []),
        ]);
}

/// <summary>Reads the frames the game rules produce, so tests can assert on what a player would see.</summary>
public static class FrameReading
{
    /// <summary>The text of a <c>system/display</c> frame.</summary>
    public static string Text(this Frame frame)
    {
        Assert.Equal(Topics.Display, frame.Topic);
        return Json(frame).GetProperty("text").GetString()!;
    }

    /// <summary>The texts of all <c>system/display</c> frames among <paramref name="frames"/>.</summary>
    public static IReadOnlyList<string> Texts(this IEnumerable<Frame> frames) =>
        frames.Where(f => f.Topic == Topics.Display).Select(Text).ToList();

    public static JsonElement Json(this Frame frame)
    {
        using var document = JsonDocument.Parse(frame.Data);
        return document.RootElement.Clone();
    }

    /// <summary>The names listed in a frame's <c>characters</c> array (Room.Info).</summary>
    public static IReadOnlyList<string> CharacterNames(this Frame frame) =>
        Json(frame).GetProperty("characters").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    /// <summary>The item ids listed in a frame's <c>items</c> array (Room.Info, Inventory.All).</summary>
    public static IReadOnlyList<string> ItemIds(this Frame frame) =>
        Json(frame).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
}
