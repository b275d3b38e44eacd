using ExVenture.Domain.World;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>Two zones: one without a home region (the primary region's), one homed in lhr.</summary>
public static class HomedWorld
{
    public const string Hall = "east.hall";
    public const string Pier = "west.pier";

    /// <summary>Cells of the east zone beside the hall (east.cell-0…), for tests that need many shards.</summary>
    public static IReadOnlyList<string> Cells { get; } = Enumerable.Range(0, 20).Select(i => $"east.cell-{i}").ToList();

    public static GameWorld Create() => new(
        "Homed",
        Hall,
        [
            new Zone("east", "East", "Rooms of the primary region.", null, [Hall, .. Cells]),
            new Zone("west", "West", "Rooms homed in lhr.", "lhr", [Pier]),
        ],
        [
            new RoomDefinition(Hall, "east", "Hall", "A bare hall.", 0, 0, 0, [new Exit(Direction.East, Pier)], []),
            new RoomDefinition(Pier, "west", "Pier", "Wet planks.", 1, 0, 0, [new Exit(Direction.West, Hall)], []),
            .. Cells.Select((id, i) => new RoomDefinition(id, "east", "Cell", "A cell.", 0, i + 1, 0, [], [])),
        ],
        [],
        [new HelpTopic("commands", "Commands", ["commands"], "look, east, west", [])]);
}
