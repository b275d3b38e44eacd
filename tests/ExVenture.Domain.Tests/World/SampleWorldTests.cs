using System.Text.RegularExpressions;
using ExVenture.Domain.Commands;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.World;

/// <summary>The world shipped in world/: it loads, and it is big, connected and helpful enough to play.</summary>
public sealed partial class SampleWorldTests
{
    /// <summary>Every command word and alias, by the help topic that must explain it.</summary>
    public static TheoryData<string, string> CommandWords => new()
    {
        { "look", "look" }, { "l", "look" },
        { "north", "movement" }, { "south", "movement" }, { "east", "movement" }, { "west", "movement" },
        { "up", "movement" }, { "down", "movement" },
        { "n", "movement" }, { "s", "movement" }, { "e", "movement" }, { "w", "movement" },
        { "u", "movement" }, { "d", "movement" },
        { "say", "say" }, { "'", "say" },
        { "tell", "tell" },
        { "reply", "reply" }, { "r", "reply" },
        { "whisper", "whisper" },
        { "emote", "emote" }, { ":", "emote" },
        { "general", "general" }, { "gen", "general" },
        { "who", "who" },
        { "inventory", "inventory" }, { "inv", "inventory" }, { "i", "inventory" },
        { "get", "get" }, { "take", "get" },
        { "drop", "drop" },
        { "info", "info" }, { "score", "info" },
        { "map", "map" },
        { "help", "help" }, { "?", "help" },
        { "quit", "quit" },
        { "commands", "commands" },
        { "welcome", "welcome" }, { "newbie", "welcome" },
    };

    private static GameWorld World => SampleWorld.World;

    [Fact]
    public void The_sample_world_loads_with_a_calm_start_room()
    {
        var start = World.Room(World.StartRoomId);

        Assert.Equal("Sallowmere", World.Name);
        Assert.Equal("commons.green", start.Id);
        Assert.Equal(4, start.Exits.Count);
    }

    [Fact]
    public void The_sample_world_is_big_enough()
    {
        Assert.True(World.Zones.Count >= 4, $"{World.Zones.Count} zones");
        Assert.True(World.Rooms.Count >= 32, $"{World.Rooms.Count} rooms");
        Assert.True(World.ItemKinds.Count >= 7, $"{World.ItemKinds.Count} item kinds");
    }

    [Fact]
    public void Exits_lead_in_all_six_directions()
    {
        var used = World.Rooms.SelectMany(room => room.Exits).Select(exit => exit.Direction).ToHashSet();

        Assert.Equal(Directions.All.ToHashSet(), used);
    }

    [Fact]
    public void Every_exit_has_a_way_back()
    {
        var oneWay = World.Rooms
            .SelectMany(room => room.Exits.Select(exit => (Room: room, Exit: exit)))
            .Where(pair => World.Room(pair.Exit.ToRoomId).ExitTo(pair.Exit.Direction.Opposite())?.ToRoomId != pair.Room.Id)
            .Select(pair => $"{pair.Room.Id} {pair.Exit.Direction.Name()} -> {pair.Exit.ToRoomId}")
            .ToList();

        Assert.Empty(oneWay);
    }

    [Fact]
    public void Every_room_is_reachable_from_the_start_room()
    {
        var reached = new HashSet<string> { World.StartRoomId };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var id))
        {
            foreach (var exit in World.Room(id).Exits.Where(exit => reached.Add(exit.ToRoomId)))
            {
                queue.Enqueue(exit.ToRoomId);
            }
        }

        Assert.Empty(World.Rooms.Select(room => room.Id).Except(reached));
    }

    [Fact]
    public void Every_zone_links_to_another_zone()
    {
        var isolated = World.Zones
            .Where(zone => !zone.RoomIds.SelectMany(id => World.Room(id).Exits).Any(exit => World.Room(exit.ToRoomId).ZoneId != zone.Id))
            .Select(zone => zone.Id);

        Assert.Empty(isolated);
    }

    [Fact]
    public void Every_item_kind_is_placed_and_some_rooms_hold_more()
    {
        var placements = World.Rooms.SelectMany(room => room.Items).ToList();

        Assert.Empty(World.ItemKinds.Select(kind => kind.Id).Except(placements.Select(p => p.ItemKindId)));
        Assert.Contains(placements, placement => placement.Count > 1);
        Assert.Contains(World.Rooms, room => room.Items.Count > 1);
    }

    [Fact]
    public void Room_descriptions_run_two_to_four_sentences()
    {
        var wrong = World.Rooms
            .Select(room => (room.Id, Sentences: SentenceEnd().Count(room.Description)))
            .Where(room => room.Sentences is < 2 or > 4)
            .Select(room => $"{room.Id}: {room.Sentences} sentences");

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(CommandWords))]
    public void Every_command_word_finds_its_help_topic(string word, string topicId)
    {
        Assert.Equal(topicId, World.FindHelp(word)?.Id);
    }

    [Fact]
    public void Every_word_the_command_parser_knows_has_help()
    {
        Assert.DoesNotContain(CommandParser.CommandWords, word => World.FindHelp(word) is null);
    }

    [Fact]
    public void The_commands_topic_mentions_every_command()
    {
        var index = World.FindHelp("commands")!.Body;
        var verbs = new[]
        {
            "look", "north", "south", "east", "west", "up", "down", "say", "tell", "reply", "whisper", "emote",
            "who", "inventory", "get", "drop", "info", "map", "help", "quit",
        };

        Assert.DoesNotContain(verbs, verb => !Regex.IsMatch(index, $@"\b{verb}\b"));
    }

    [GeneratedRegex(@"[.!?](\s|$)")]
    private static partial Regex SentenceEnd();
}
