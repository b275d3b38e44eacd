using ExVenture.Domain.World;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>Two rooms, one lantern: just enough world for entity tests that must not depend on the sample world's prose.</summary>
public static class TinyWorld
{
    public const string Hall = "tiny.hall";
    public const string Attic = "tiny.attic";

    public static GameWorld Create() => new(
        "Tiny",
        Hall,
        [new Zone("tiny", "Tiny", "A test zone.", null, [Hall, Attic])],
        [
            new RoomDefinition(Hall, "tiny", "Hall", "A bare hall.", 0, 0, 0, [new Exit(Direction.Up, Attic)], [new ItemPlacement("lantern", 1)]),
            new RoomDefinition(Attic, "tiny", "Attic", "Dust and rafters.", 0, 0, 1, [new Exit(Direction.Down, Hall)], []),
        ],
        [new ItemKind("lantern", "brass lantern", "A lantern.", ["lantern", "brass lantern"])],
        [new HelpTopic("commands", "Commands", ["commands"], "look, up, down", [])]);
}
