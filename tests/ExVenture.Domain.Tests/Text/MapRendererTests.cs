using ExVenture.Domain.Text;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.Text;

public sealed class MapRendererTests
{
    private const string Legend = "[@] you  [^] up  [v] down  [%] up and down  { } exit to another zone";

    [Fact]
    public void Draws_a_connected_three_by_three_grid_with_north_at_the_top()
    {
        var world = Grid(3, 3).Build();

        var map = MapRenderer.Render(world, "r1_1");

        Assert.Equal(
            Lines(
                "[ ]-[ ]-[ ]",
                " |   |   |",
                "[ ]-[@]-[ ]",
                " |   |   |",
                "[ ]-[ ]-[ ]"),
            map);
    }

    [Fact]
    public void Puts_north_at_the_top_and_east_on_the_right()
    {
        var world = new WorldBuilder()
            .Room("here", 0, 0)
            .Room("north", 0, 1)
            .Room("east", 1, 0)
            .Link("here", Direction.North, "north")
            .Link("here", Direction.East, "east")
            .Build();

        Assert.Equal(
            Lines(
                "[ ]",
                " |",
                "[@]-[ ]"),
            MapRenderer.Render(world, "here"));
    }

    [Fact]
    public void Draws_only_the_links_that_exist()
    {
        // r0_2 r1_2 r2_2      west row open, a wall in the middle of the top row,
        // r0_1 r1_1 r2_1      and the centre only reachable from the south.
        // r0_0 r1_0 r2_0
        var world = Grid(3, 3, link: false)
            .Link("r0_2", Direction.East, "r1_2")
            .Link("r0_2", Direction.South, "r0_1")
            .Link("r0_1", Direction.South, "r0_0")
            .Link("r0_0", Direction.East, "r1_0")
            .Link("r1_0", Direction.North, "r1_1")
            .Link("r1_0", Direction.East, "r2_0")
            .Link("r2_0", Direction.North, "r2_1")
            .Link("r2_1", Direction.North, "r2_2")
            .Build();

        Assert.Equal(
            Lines(
                "[ ]-[ ] [ ]",
                " |       |",
                "[ ] [@] [ ]",
                " |   |   |",
                "[ ]-[ ]-[ ]"),
            MapRenderer.Render(world, "r1_1"));
    }

    [Fact]
    public void Draws_one_way_exits_in_either_direction()
    {
        var world = new WorldBuilder()
            .Room("a", 0, 0)
            .Room("b", 1, 0)
            .Room("c", 0, -1)
            .OneWay("b", Direction.West, "a")
            .OneWay("a", Direction.South, "c")
            .Build();

        Assert.Equal(
            Lines(
                "[@]-[ ]",
                " |",
                "[ ]"),
            MapRenderer.Render(world, "a"));
    }

    [Fact]
    public void Does_not_draw_a_link_for_an_exit_that_skips_a_cell()
    {
        var world = new WorldBuilder()
            .Room("a", 0, 0)
            .Room("b", 1, 0)
            .Room("far", 2, 0)
            .OneWay("a", Direction.East, "far")
            .Build();

        Assert.Equal(Lines("[@] [ ] [ ]"), MapRenderer.Render(world, "a"));
    }

    [Fact]
    public void Crops_a_corridor_to_the_radius_and_the_rooms_shown()
    {
        var world = Corridor(7).Build();

        Assert.Equal(Lines("[@]-[ ]-[ ]"), MapRenderer.Render(world, "c0"));
        Assert.Equal(Lines("[ ]-[ ]-[@]-[ ]-[ ]"), MapRenderer.Render(world, "c3"));
        Assert.Equal(Lines("[ ]-[@]-[ ]"), MapRenderer.Render(world, "c3", radius: 1));
        Assert.Equal(Lines("[ ]-[ ]-[ ]-[@]-[ ]-[ ]-[ ]"), MapRenderer.Render(world, "c3", radius: 3));
        Assert.Equal(Lines("[ ]-[ ]-[@]"), MapRenderer.Render(world, "c6"));
    }

    [Fact]
    public void Draws_a_north_south_corridor_as_a_column()
    {
        var world = new WorldBuilder()
            .Room("top", 5, 9)
            .Room("mid", 5, 8)
            .Room("low", 5, 7)
            .Link("top", Direction.South, "mid")
            .Link("mid", Direction.South, "low")
            .Build();

        Assert.Equal(
            Lines(
                "[ ]",
                " |",
                "[ ]",
                " |",
                "[@]"),
            MapRenderer.Render(world, "low"));
    }

    [Fact]
    public void Radius_zero_shows_only_the_current_room() =>
        Assert.Equal(Lines("[@]"), MapRenderer.Render(Grid(3, 3).Build(), "r1_1", radius: 0));

    [Fact]
    public void Leaves_out_rooms_beyond_the_radius_in_x_or_y_but_keeps_diagonals_within_it()
    {
        var world = new WorldBuilder()
            .Room("here", 0, 0)
            .Room("ne", 1, 1)
            .Room("far-east", 3, 0)
            .Room("far-south", 0, -3)
            .Room("far-corner", 3, 3)
            .Build();

        Assert.Equal(
            Lines(
                "    [ ]",
                "",
                "[@]"),
            MapRenderer.Render(world, "here"));
    }

    [Fact]
    public void Keeps_blank_rows_and_columns_inside_the_picture()
    {
        var world = new WorldBuilder()
            .Room("here", 0, 0)
            .Room("corner", 2, -2)
            .Build();

        Assert.Equal(
            Lines(
                "[@]",
                "",
                "",
                "",
                "        [ ]"),
            MapRenderer.Render(world, "here"));
    }

    [Fact]
    public void Leaves_out_rooms_on_other_levels_and_marks_ways_up_and_down()
    {
        var world = new WorldBuilder()
            .Room("hall", 0, 0)
            .Room("stairs", 1, 0)
            .Room("well", -1, 0)
            .Room("shaft", 0, 1)
            .Room("attic", 1, 0, z: 1)
            .Room("cellar", -1, 0, z: -1)
            .Room("pit", 0, 1, z: -1)
            .Room("loft", 0, 1, z: 1)
            .Link("hall", Direction.East, "stairs")
            .Link("hall", Direction.West, "well")
            .Link("hall", Direction.North, "shaft")
            .Link("stairs", Direction.Up, "attic")
            .Link("well", Direction.Down, "cellar")
            .Link("shaft", Direction.Down, "pit")
            .Link("shaft", Direction.Up, "loft")
            .Build();

        Assert.Equal(
            Lines(
                "    [%]",
                "     |",
                "[v]-[@]-[^]"),
            MapRenderer.Render(world, "hall"));
    }

    [Fact]
    public void Draws_the_level_of_the_current_room()
    {
        var world = new WorldBuilder()
            .Room("hall", 0, 0)
            .Room("stairs", 1, 0)
            .Room("attic", 1, 0, z: 1)
            .Room("attic-west", 0, 0, z: 1)
            .Link("hall", Direction.East, "stairs")
            .Link("stairs", Direction.Up, "attic")
            .Link("attic", Direction.West, "attic-west")
            .Build();

        Assert.Equal(Lines("[ ]-[@]"), MapRenderer.Render(world, "attic"));
    }

    [Fact]
    public void The_current_room_shows_the_player_rather_than_its_stairs()
    {
        var world = new WorldBuilder()
            .Room("stairs", 0, 0)
            .Room("attic", 0, 0, z: 1)
            .Room("cellar", 0, 0, z: -1)
            .Link("stairs", Direction.Up, "attic")
            .Link("stairs", Direction.Down, "cellar")
            .Build();

        Assert.Equal(Lines("[@]"), MapRenderer.Render(world, "stairs"));
    }

    [Fact]
    public void Leaves_out_other_zones_and_draws_rooms_leading_to_them_with_braces()
    {
        var world = new WorldBuilder()
            .Room("square", 0, 0)
            .Room("gate", 1, 0)
            .Room("road", 2, 0, zone: "forest")
            .Room("market", 0, 1, zone: "market")
            .Link("square", Direction.East, "gate")
            .Link("gate", Direction.East, "road")
            .Link("square", Direction.North, "market")
            .Build();

        Assert.Equal(Lines("{@}-{ }"), MapRenderer.Render(world, "square"));
        Assert.Equal(Lines("{@}"), MapRenderer.Render(world, "road"));
    }

    [Fact]
    public void When_two_rooms_share_a_cell_the_current_room_then_the_lowest_id_wins()
    {
        var world = new WorldBuilder()
            .Room("b", 0, 0)
            .Room("a", 0, 0)
            .Room("z", 1, 0)
            .Room("y", 1, 0)
            .Link("y", Direction.Up, "b")
            .Build();

        Assert.Equal(Lines("[@] [^]"), MapRenderer.Render(world, "b"));
        Assert.Equal(Lines("[@] [^]"), MapRenderer.Render(world, "a"));
        Assert.Equal(Lines("[ ] [@]"), MapRenderer.Render(world, "z"));
    }

    [Fact]
    public void Lines_never_end_in_spaces()
    {
        var world = Grid(5, 5, link: false).Build();

        var map = MapRenderer.Render(world, "r0_0", radius: 4);

        Assert.All(map.Split('\n'), line => Assert.False(line.EndsWith(' '), $"'{line}' ends in a space"));
        Assert.DoesNotContain('\r', map);
        Assert.EndsWith("\n" + Legend, map);
    }

    [Fact]
    public void Rejects_a_negative_radius_and_an_unknown_room()
    {
        var world = Grid(1, 1).Build();

        Assert.Throws<ArgumentOutOfRangeException>(() => MapRenderer.Render(world, "r0_0", radius: -1));
        Assert.Throws<KeyNotFoundException>(() => MapRenderer.Render(world, "nowhere"));
    }

    [Fact]
    public void Legend_constant_matches_the_documented_legend() => Assert.Equal(Legend, MapRenderer.Legend);

    private static string Lines(params string[] mapLines) => string.Join('\n', [.. mapLines, Legend]);

    /// <summary>Rooms r{x}_{y} for x in [0, width) and y in [0, height), each linked to its four neighbours unless told otherwise.</summary>
    private static WorldBuilder Grid(int width, int height, bool link = true)
    {
        var builder = new WorldBuilder();
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                builder.Room($"r{x}_{y}", x, y);
                if (link && x > 0)
                {
                    builder.Link($"r{x - 1}_{y}", Direction.East, $"r{x}_{y}");
                }

                if (link && y > 0)
                {
                    builder.Link($"r{x}_{y - 1}", Direction.North, $"r{x}_{y}");
                }
            }
        }

        return builder;
    }

    /// <summary>Rooms c0 … c{length-1} in a row from west to east, linked both ways.</summary>
    private static WorldBuilder Corridor(int length)
    {
        var builder = new WorldBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Room($"c{i}", i, 0);
            if (i > 0)
            {
                builder.Link($"c{i - 1}", Direction.East, $"c{i}");
            }
        }

        return builder;
    }

    private sealed class WorldBuilder
    {
        private readonly List<(string Id, string Zone, int X, int Y, int Z)> _rooms = [];
        private readonly List<(string From, Exit Exit)> _exits = [];

        public WorldBuilder Room(string id, int x, int y, int z = 0, string zone = "town")
        {
            _rooms.Add((id, zone, x, y, z));
            return this;
        }

        public WorldBuilder Link(string from, Direction direction, string to) =>
            OneWay(from, direction, to).OneWay(to, direction.Opposite(), from);

        public WorldBuilder OneWay(string from, Direction direction, string to)
        {
            _exits.Add((from, new Exit(direction, to)));
            return this;
        }

        public GameWorld Build()
        {
            var rooms = _rooms
                .Select(r => new RoomDefinition(
                    r.Id,
                    r.Zone,
                    r.Id,
                    $"The {r.Id}.",
                    r.X,
                    r.Y,
                    r.Z,
                    _exits.Where(e => e.From == r.Id).Select(e => e.Exit).ToList(),
                    []))
                .ToList();
            var zones = rooms
                .GroupBy(r => r.ZoneId)
                .Select(g => new Zone(g.Key, g.Key, $"The {g.Key}.", null, g.Select(r => r.Id).ToList()));
            return new GameWorld("Test", rooms[0].Id, zones, rooms, [], []);
        }
    }
}
