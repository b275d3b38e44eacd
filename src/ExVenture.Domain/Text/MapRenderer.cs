using ExVenture.Domain.World;

namespace ExVenture.Domain.Text;

/// <summary>
/// Draws the rooms around a player as a small ASCII map, north at the top.
/// </summary>
/// <remarks>
/// <para>
/// Shown: the rooms of the current room's zone on the current room's z level whose X and Y are each within
/// <c>radius</c> of the current room's (a square, not a circle). Other zones and other levels are never drawn.
/// The picture is cropped to the rooms shown, so the current room is not necessarily in the middle.
/// </para>
/// <para>
/// Each room is a 3-character cell and cells are one character apart, so a row looks like <c>[ ]-[@] [ ]</c>.
/// Between two rows is a line holding the <c>|</c> links (blank when there are none).
/// A link is drawn between two neighbouring cells when either room has an exit in that direction leading to the other;
/// exits to rooms that are not the neighbouring cell are not drawn.
/// </para>
/// <para>
/// Cells: <c>@</c> you are here (wins over the up/down marks), <c>^</c> an exit up, <c>v</c> an exit down,
/// <c>%</c> both, blank otherwise. A room with any exit into another zone is drawn with braces, <c>{ }</c>,
/// instead of brackets. If two rooms claim the same cell, the current room wins, then the lowest id (ordinal).
/// </para>
/// <para>Lines are joined with '\n', carry no trailing spaces, and end with <see cref="Legend"/> (no final newline).</para>
/// </remarks>
public static class MapRenderer
{
    /// <summary>The last line of every map.</summary>
    public const string Legend = "[@] you  [^] up  [v] down  [%] up and down  { } exit to another zone";

    private const int CellWidth = 3;
    private const int CellPitch = CellWidth + 1;

    /// <summary>Renders the map around <paramref name="currentRoomId"/>.</summary>
    /// <exception cref="KeyNotFoundException">The world has no room <paramref name="currentRoomId"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is negative.</exception>
    public static string Render(GameWorld world, string currentRoomId, int radius = 2)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        var here = world.Room(currentRoomId);

        var cells = new Dictionary<(int X, int Y), RoomDefinition>();
        var visible = world.Rooms
            .Where(room => room.ZoneId == here.ZoneId
                && room.Z == here.Z
                && Math.Abs(room.X - here.X) <= radius
                && Math.Abs(room.Y - here.Y) <= radius)
            .OrderBy(room => room.Id == here.Id ? 0 : 1)
            .ThenBy(room => room.Id, StringComparer.Ordinal);
        foreach (var room in visible)
        {
            cells.TryAdd((room.X, room.Y), room);
        }

        var minX = cells.Keys.Min(cell => cell.X);
        var maxX = cells.Keys.Max(cell => cell.X);
        var minY = cells.Keys.Min(cell => cell.Y);
        var maxY = cells.Keys.Max(cell => cell.Y);
        var width = (maxX - minX + 1) * CellPitch - 1;

        var lines = new List<string>();
        for (var y = maxY; y >= minY; y--)
        {
            var rooms = NewLine(width);
            var links = NewLine(width);
            for (var x = minX; x <= maxX; x++)
            {
                if (!cells.TryGetValue((x, y), out var room))
                {
                    continue;
                }

                var column = (x - minX) * CellPitch;
                var (open, close) = LeadsToOtherZone(world, room) ? ('{', '}') : ('[', ']');
                rooms[column] = open;
                rooms[column + 1] = Mark(room, here);
                rooms[column + 2] = close;

                if (cells.TryGetValue((x + 1, y), out var east) && Linked(room, Direction.East, east))
                {
                    rooms[column + CellWidth] = '-';
                }

                if (cells.TryGetValue((x, y - 1), out var south) && Linked(room, Direction.South, south))
                {
                    links[column + 1] = '|';
                }
            }

            lines.Add(new string(rooms).TrimEnd(' '));
            if (y > minY)
            {
                lines.Add(new string(links).TrimEnd(' '));
            }
        }

        lines.Add(Legend);
        return string.Join('\n', lines);
    }

    private static char[] NewLine(int width)
    {
        var line = new char[width];
        Array.Fill(line, ' ');
        return line;
    }

    private static char Mark(RoomDefinition room, RoomDefinition here)
    {
        if (room.Id == here.Id)
        {
            return '@';
        }

        var up = room.Exits.Any(exit => exit.Direction == Direction.Up);
        var down = room.Exits.Any(exit => exit.Direction == Direction.Down);
        return (up, down) switch
        {
            (true, true) => '%',
            (true, false) => '^',
            (false, true) => 'v',
            _ => ' ',
        };
    }

    private static bool Linked(RoomDefinition from, Direction toward, RoomDefinition to) =>
        from.Exits.Any(exit => exit.Direction == toward && exit.ToRoomId == to.Id)
        || to.Exits.Any(exit => exit.Direction == toward.Opposite() && exit.ToRoomId == from.Id);

    private static bool LeadsToOtherZone(GameWorld world, RoomDefinition room) =>
        room.Exits.Any(exit => world.TryGetRoom(exit.ToRoomId, out var target) && target.ZoneId != room.ZoneId);
}
