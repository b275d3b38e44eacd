using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.World;

/// <summary>
/// Broken worlds: each problem is reported as "file:line: key.path: message", and every problem is reported, not
/// just the first. Each test breaks one file of an otherwise valid <see cref="TempWorld"/>.
/// </summary>
public sealed class WorldLoaderProblemTests : IDisposable
{
    private readonly TempWorld _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_yaml_syntax_error_reports_its_line()
    {
        _files.With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            rooms:
              path:
                name: A Path
                description: [Steep, rocky
                x: 5
            """);

        var problem = Assert.Single(_files.Problems());

        Assert.Equal(
            "zones/hills.yml:7: rooms.path.description: YAML syntax error: the file cannot be read past this point (is a bracket or a quote left open?)",
            problem);
    }

    [Fact]
    public void A_badly_indented_line_is_a_syntax_error_on_that_line()
    {
        _files.With("items.yml", """
            lantern:
              name: brass lantern
              description: A lantern.
             keywords: [lantern]
            """);

        var problem = Assert.Single(_files.Problems());

        Assert.StartsWith("items.yml:4: ", problem);
        Assert.Contains("YAML syntax error", problem);
    }

    [Fact]
    public void A_tab_in_the_indentation_is_reported_on_its_line()
    {
        _files.With("zones/hills.yml", TempWorld.HillsYml.Replace("    x: 5", "\tx: 5"));

        Assert.Equal(["zones/hills.yml:8: (file): YAML syntax error: indent with spaces, not tabs"], _files.Problems());
    }

    [Fact]
    public void References_into_an_unreadable_file_are_not_reported_again()
    {
        _files.With("zones/hills.yml", "id: [hills").With("items.yml", "lantern: {");

        var problems = _files.Problems();

        Assert.Equal(2, problems.Count);
        Assert.All(problems, problem => Assert.Contains("YAML syntax error", problem));
    }

    [Fact]
    public void Missing_required_fields_are_reported_at_their_parent()
    {
        _files.With("world.yml", "start_room: harbor.quay").With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            rooms:
              path:
                description: Steep.
                x: 5
                y:
                exits:
                  west: harbor.quay
            """);

        Assert.Equal(
            [
                "world.yml:1: name: required but missing",
                "zones/hills.yml:5: rooms.path.name: required but missing",
                "zones/hills.yml:5: rooms.path.z: required but missing",
                "zones/hills.yml:8: rooms.path.y: required but empty",
            ],
            _files.Problems());
    }

    [Fact]
    public void Coordinates_must_be_whole_numbers()
    {
        _files.With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            rooms:
              path:
                name: A Path
                description: Steep.
                x: five
                y: 5.5
                z: [0]
            """);

        Assert.Equal(
            [
                "zones/hills.yml:8: rooms.path.x: expected a whole number but found 'five'",
                "zones/hills.yml:9: rooms.path.y: expected a whole number but found '5.5'",
                "zones/hills.yml:10: rooms.path.z: expected text but found a list",
            ],
            _files.Problems());
    }

    [Fact]
    public void Item_counts_must_be_at_least_one()
    {
        _files.With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            rooms:
              path:
                name: A Path
                description: Steep.
                x: 5
                y: 5
                z: 0
                exits:
                  west: harbor.quay
                items:
                  - item: rope
                    count: 0
            """);

        Assert.Equal(["zones/hills.yml:15: rooms.path.items[0].count: must be at least 1 but is 0"], _files.Problems());
    }

    [Fact]
    public void Values_of_the_wrong_shape_are_reported()
    {
        _files.With("items.yml", """
            lantern:
              name: brass lantern
              description: [a, lantern]
              keywords: lantern
            rope: a coil of rope
            """);

        Assert.Equal(
            [
                "items.yml:3: lantern.description: expected text but found a list",
                "items.yml:4: lantern.keywords: expected a list (such as [a, b], or lines starting with '- ') but found 'lantern'",
                "items.yml:5: rope: expected a mapping (indented 'key: value' lines) but found 'a coil of rope'",
                "zones/hills.yml:14: rooms.path.items[0].item: no item kind 'rope'",
            ],
            _files.Problems());
    }

    [Fact]
    public void Unknown_keys_are_reported_with_a_suggestion()
    {
        _files.With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            rooms:
              path:
                name: A Path
                descripton: Steep.
                x: 5
                y: 5
                z: 0
                colour: green
            """);

        Assert.Equal(
            [
                "zones/hills.yml:5: rooms.path.description: required but missing",
                "zones/hills.yml:7: rooms.path.descripton: unknown key 'descripton' (did you mean 'description'?)",
                "zones/hills.yml:11: rooms.path.colour: unknown key 'colour'",
            ],
            _files.Problems());
    }

    [Fact]
    public void Ids_must_be_lower_case_letters_digits_and_dashes()
    {
        _files
            .With("items.yml", """
                Brass Lantern:
                  name: brass lantern
                  description: A lantern.
                  keywords: [Lantern]
                """)
            .With("zones/hills.yml", """
                id: The Hills
                name: The Hills
                description: Green.
                rooms:
                  Path_1:
                    name: A Path
                    description: Steep.
                    x: 5
                    y: 5
                    z: 0
                """)
            .With("zones/harbor.yml", TempWorld.HarborYml.Replace("east: hills.path", "east: hills.path.end"));

        Assert.Equal(
            [
                "items.yml:1: Brass Lantern: 'Brass Lantern' is not a valid item id; use only lower-case letters, digits and '-'",
                "items.yml:4: Brass Lantern.keywords[0]: 'Lantern' is not a valid keyword (one lower-case word, no spaces)",
                "zones/harbor.yml:16: rooms.quay.exits.east: 'hills.path.end' is neither a room key (such as 'quay') nor a full room id (such as 'harbor.quay')",
                "zones/harbor.yml:18: rooms.quay.items[0].item: no item kind 'lantern'",
                "zones/hills.yml:1: id: 'The Hills' is not a valid zone id; use only lower-case letters, digits and '-'",
                "zones/hills.yml:5: rooms.Path_1: 'Path_1' is not a valid room key; use only lower-case letters, digits and '-'",
            ],
            _files.Problems());
    }

    [Fact]
    public void Rooms_items_and_help_topics_defined_twice_are_reported()
    {
        _files
            .With("items.yml", TempWorld.ItemsYml + """

                lantern:
                  name: another lantern
                  description: Another.
                  keywords: [lamp]
                """)
            .With("help.yml", TempWorld.HelpYml + """

                look:
                  title: Looking again
                  body: Again.
                """)
            .With("zones/hills.yml", TempWorld.HillsYml + """

                  path:
                    name: Another Path
                """);

        Assert.Equal(
            [
                "help.yml:12: look: 'look' is defined twice (first at line 1); this second definition is ignored",
                "items.yml:9: lantern: 'lantern' is defined twice (first at line 1); this second definition is ignored",
                "zones/hills.yml:15: rooms.path: 'path' is defined twice (first at line 5); this second definition is ignored",
            ],
            _files.Problems());
    }

    [Fact]
    public void A_zone_id_must_match_its_file_name_and_be_unique()
    {
        _files.With("zones/port.yml", TempWorld.HarborYml);

        Assert.Equal(
            [
                "zones/port.yml:1: id: zone id 'harbor' does not match the file name; name the file 'harbor.yml'",
                "zones/port.yml:1: id: zone 'harbor' is already defined in zones/harbor.yml:1",
            ],
            _files.Problems());
    }

    [Fact]
    public void Exits_must_name_a_known_direction()
    {
        _files.With("zones/harbor.yml", TempWorld.HarborYml.Replace("north: market", "nrth: market").Replace("east: hills.path", "e: hills.path"));

        Assert.Equal(
            [
                "zones/harbor.yml:15: rooms.quay.exits.nrth: unknown direction 'nrth' (did you mean 'north'?); exits lead north, south, east, west, up, down",
                "zones/harbor.yml:16: rooms.quay.exits.e: unknown direction 'e' (did you mean 'east'?); exits lead north, south, east, west, up, down",
            ],
            _files.Problems());
    }

    [Fact]
    public void Exits_must_lead_to_existing_rooms_in_this_zone_or_another()
    {
        _files.With(
            "zones/harbor.yml",
            TempWorld.HarborYml.Replace("north: market", "north: nowhere").Replace("east: hills.path", "east: hills.pth"));

        Assert.Equal(
            [
                "zones/harbor.yml:15: rooms.quay.exits.north: no room 'harbor.nowhere'",
                "zones/harbor.yml:16: rooms.quay.exits.east: no room 'hills.pth' (did you mean 'hills.path'?)",
            ],
            _files.Problems());
    }

    [Fact]
    public void Placed_items_must_be_known_kinds_listed_once()
    {
        _files.With("zones/hills.yml", TempWorld.HillsYml.Replace("- item: rope", "- item: rpoe\n      - item: rpoe"));

        Assert.Equal(
            [
                "zones/hills.yml:14: rooms.path.items[0].item: no item kind 'rpoe' (did you mean 'rope'?)",
                "zones/hills.yml:15: rooms.path.items[1].item: 'rpoe' is already placed in this room (line 14); raise its count instead",
            ],
            _files.Problems());
    }

    [Theory]
    [InlineData("name: Test Harbor", "world.yml:1: start_room: required but missing")]
    [InlineData("name: Test Harbor\nstart_room: harbor.pier", "world.yml:2: start_room: no room 'harbor.pier'")]
    [InlineData(
        "name: Test Harbor\nstart_room: quay",
        "world.yml:2: start_room: 'quay' is not a full room id (a zone id, a dot and a room key, such as 'harbor.quay')")]
    public void The_start_room_must_be_given_and_exist(string worldYml, string expected)
    {
        _files.With("world.yml", worldYml);

        Assert.Equal([expected], _files.Problems());
    }

    [Fact]
    public void Rooms_of_a_zone_may_not_share_coordinates()
    {
        _files.With("zones/hills.yml", TempWorld.HillsYml + """

              cairn:
                name: A Cairn
                description: Stones.
                x: 5
                y: 5
                z: 0
            """);

        Assert.Equal(
            ["zones/hills.yml:15: rooms.cairn: is at (5, 5, 0), the same place as room 'hills.path' (line 5)"],
            _files.Problems());
    }

    [Fact]
    public void Exits_inside_a_zone_must_agree_with_coordinates()
    {
        _files.With("zones/harbor.yml", TempWorld.HarborYml.Replace("y: 1", "y: 2"));

        Assert.Equal(
            [
                "zones/harbor.yml:15: rooms.quay.exits.north: leads to 'harbor.market' at (0, 2, 0), but north of this room's (0, 0, 0) is (0, 1, 0); fix the coordinates or the direction",
                "zones/harbor.yml:27: rooms.market.exits.south: leads to 'harbor.quay' at (0, 0, 0), but south of this room's (0, 2, 0) is (0, 1, 0); fix the coordinates or the direction",
            ],
            _files.Problems());
    }

    [Fact]
    public void Help_see_also_must_name_known_topics()
    {
        _files.With("help.yml", TempWorld.HelpYml.Replace("see_also: [movement]", "see_also: [movment, combat]"));

        Assert.Equal(
            [
                "help.yml:7: look.see_also[0]: no help topic 'movment' (did you mean 'movement'?)",
                "help.yml:7: look.see_also[1]: no help topic 'combat'",
            ],
            _files.Problems());
    }

    [Fact]
    public void A_help_keyword_may_lead_to_one_topic_only()
    {
        _files.With("help.yml", TempWorld.HelpYml.Replace("keywords: [north, n]", "keywords: [north, l, look]"));

        Assert.Equal(
            [
                "help.yml:10: movement.keywords[1]: keyword 'l' already leads to topic 'look' (line 3)",
                "help.yml:10: movement.keywords[2]: keyword 'look' already leads to topic 'look' (line 1)",
            ],
            _files.Problems());
    }

    [Fact]
    public void A_home_region_must_be_a_region_code()
    {
        _files.With("zones/harbor.yml", TempWorld.HarborYml.Replace("home_region: iad", "home_region: Virginia"));

        Assert.Equal(
            ["zones/harbor.yml:4: home_region: 'Virginia' is not a region code (three lower-case letters, such as 'iad')"],
            _files.Problems());
    }

    [Theory]
    [InlineData("items.yml", "items.yml:0: (file): file not found")]
    [InlineData("help.yml", "help.yml:0: (file): file not found")]
    [InlineData("world.yml", "world.yml:0: (file): file not found")]
    [InlineData("zones", "zones/:0: (file): directory not found")]
    public void Missing_files_and_directories_are_reported(string missing, string expected)
    {
        _files.Without(missing);

        Assert.Equal([expected], _files.Problems());
    }

    [Fact]
    public void Empty_and_misnamed_files_are_reported()
    {
        _files.With("help.yml", "# nothing yet\n").With("zones/docks.yaml", "id: docks");

        Assert.Equal(
            [
                "help.yml:1: (file): the file is empty",
                "zones/docks.yaml:0: (file): zone files must end in '.yml'; this one is not loaded",
            ],
            _files.Problems());
    }

    [Fact]
    public void A_missing_world_directory_is_reported()
    {
        var missing = Path.Combine(_files.Directory, "no-such-world");

        var failure = Assert.Throws<WorldLoadException>(() => WorldLoader.LoadFromDirectory(missing));

        Assert.Equal([$".:0: (file): the world directory '{missing}' does not exist"], failure.Errors);
    }

    [Fact]
    public void Every_problem_in_every_file_is_listed_in_the_message()
    {
        _files
            .With("world.yml", "name: Test Harbor\nstart_room: harbor.nowhere\n")
            .With("help.yml", TempWorld.HelpYml.Replace("title: Moving", "titel: Moving"))
            .With("zones/hills.yml", TempWorld.HillsYml.Replace("x: 5", "x: east").Replace("west: harbor.quay", "sideways: harbor.quay"));

        var failure = _files.LoadFailure();

        string[] expected =
        [
            "help.yml:8: movement.title: required but missing",
            "help.yml:9: movement.titel: unknown key 'titel' (did you mean 'title'?)",
            "world.yml:2: start_room: no room 'harbor.nowhere'",
            "zones/hills.yml:8: rooms.path.x: expected a whole number but found 'east'",
            "zones/hills.yml:12: rooms.path.exits.sideways: unknown direction 'sideways'; exits lead north, south, east, west, up, down",
        ];
        Assert.Equal(expected, failure.Errors);
        Assert.Equal(
            string.Join(Environment.NewLine, [$"The world in {_files.Directory} has 5 problems:", .. expected]),
            failure.Message);
    }
}
