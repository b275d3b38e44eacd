namespace ExVenture.Domain.World;

/// <summary>The six ways out of a room.</summary>
public enum Direction
{
    North,
    South,
    East,
    West,
    Up,
    Down,
}

public static class Directions
{
    public static IReadOnlyList<Direction> All { get; } =
        [Direction.North, Direction.South, Direction.East, Direction.West, Direction.Up, Direction.Down];

    /// <summary>Lower-case full name as players type it and as the protocol sends it ("north").</summary>
    public static string Name(this Direction direction) => direction switch
    {
        Direction.North => "north",
        Direction.South => "south",
        Direction.East => "east",
        Direction.West => "west",
        Direction.Up => "up",
        Direction.Down => "down",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public static Direction Opposite(this Direction direction) => direction switch
    {
        Direction.North => Direction.South,
        Direction.South => Direction.North,
        Direction.East => Direction.West,
        Direction.West => Direction.East,
        Direction.Up => Direction.Down,
        Direction.Down => Direction.Up,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>Exact full names only ("north"); aliases such as "n" belong to the command parser.</summary>
    public static bool TryParse(string? text, out Direction direction)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                direction = candidate;
                return true;
            }
        }

        direction = default;
        return false;
    }
}
