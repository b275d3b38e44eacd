namespace ExVenture.Domain.World;

/// <summary>
/// The checks that span files: duplicate zones, exits and the start room pointing at real rooms, coordinates that
/// agree with exit directions, item placements naming real item kinds, and help keywords and cross-references.
/// References into a file that could not be read are not checked (its own problem is already reported).
/// </summary>
internal sealed class WorldValidator
{
    private readonly WorldDraft _world;
    private readonly WorldProblems _problems;
    private readonly List<ZoneDraft> _zones;
    private readonly Dictionary<string, RoomDraft> _rooms;

    private WorldValidator(WorldDraft world, List<ZoneDraft> zones, WorldProblems problems)
    {
        _world = world;
        _problems = problems;
        _zones = zones;
        _rooms = new Dictionary<string, RoomDraft>(StringComparer.Ordinal);
        foreach (var room in zones.SelectMany(zone => zone.Rooms))
        {
            _rooms.TryAdd(room.Id, room);
        }
    }

    public static void Validate(WorldDraft world, WorldProblems problems)
    {
        var validator = new WorldValidator(world, DistinctZones(world.Zones, problems), problems);
        validator.CheckStartRoom();
        validator.CheckCoordinates();
        validator.CheckExits();
        validator.CheckPlacements();
        validator.CheckHelp();
    }

    /// <summary>The zones whose ids are seen for the first time, in file order; later zones reusing an id are reported.</summary>
    private static List<ZoneDraft> DistinctZones(IEnumerable<ZoneDraft> zones, WorldProblems problems)
    {
        var first = new OrderedDictionary<string, ZoneDraft>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            if (!first.TryAdd(zone.Id, zone))
            {
                var original = first[zone.Id].At;
                problems.Add(zone.At.Key("id", zone.At.Line), $"zone '{zone.Id}' is already defined in {original.File}:{original.Line}");
            }
        }

        return first.Values.ToList();
    }

    private void CheckStartRoom()
    {
        if (_world.Settings?.StartRoom is { } start)
        {
            CheckRoomExists(start.Value, start.At);
        }
    }

    private void CheckCoordinates()
    {
        foreach (var zone in _zones)
        {
            var taken = new Dictionary<Position, RoomDraft>();
            foreach (var room in zone.Rooms)
            {
                if (room.Position is { } position && !taken.TryAdd(position, room))
                {
                    var other = taken[position];
                    _problems.Add(room.At, $"is at {position}, the same place as room '{other.Id}' (line {other.At.Line})");
                }
            }
        }
    }

    private void CheckExits()
    {
        foreach (var room in _rooms.Values)
        {
            foreach (var exit in room.Exits)
            {
                if (CheckRoomExists(exit.ToRoomId, exit.At) is { } target)
                {
                    CheckExitDirection(room, exit, target);
                }
            }
        }
    }

    /// <summary>Inside a zone, an exit must lead to the neighbouring position in its direction (the map relies on it).</summary>
    private void CheckExitDirection(RoomDraft room, ExitDraft exit, RoomDraft target)
    {
        if (room.ZoneId != target.ZoneId || room.Position is not { } from || target.Position is not { } to)
        {
            return;
        }

        var expected = from.Step(exit.Direction);
        if (to != expected)
        {
            var way = exit.Direction.Name();
            _problems.Add(exit.At, $"leads to '{target.Id}' at {to}, but {way} of this room's {from} is {expected}; fix the coordinates or the direction");
        }
    }

    private RoomDraft? CheckRoomExists(string roomId, SourceLocation at)
    {
        if (_rooms.TryGetValue(roomId, out var room))
        {
            return room;
        }

        if (_world.CanCheckRoom(roomId))
        {
            _problems.Add(at, $"no room '{roomId}'{Spelling.DidYouMean(roomId, _rooms.Keys)}");
        }

        return null;
    }

    private void CheckPlacements()
    {
        if (_world.Items is null)
        {
            return;
        }

        var kinds = _world.Items.Select(item => item.Kind.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var placement in _rooms.Values.SelectMany(room => room.Items).Where(p => !kinds.Contains(p.ItemKindId)))
        {
            _problems.Add(placement.At, $"no item kind '{placement.ItemKindId}'{Spelling.DidYouMean(placement.ItemKindId, kinds)}");
        }
    }

    private void CheckHelp()
    {
        if (_world.Help is null)
        {
            return;
        }

        CheckHelpKeywords(_world.Help);
        CheckSeeAlso(_world.Help);
    }

    /// <summary>A word typed after "help" must lead to one topic only, so no keyword may name two topics (ids count as keywords).</summary>
    private void CheckHelpKeywords(IReadOnlyList<HelpDraft> topics)
    {
        var owners = new Dictionary<string, (HelpDraft Topic, SourceLocation At)>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in topics)
        {
            owners.TryAdd(topic.Id, (topic, topic.At));
        }

        foreach (var topic in topics)
        {
            foreach (var keyword in topic.Keywords)
            {
                if (!owners.TryAdd(keyword.Value, (topic, keyword.At)) && !ReferenceEquals(owners[keyword.Value].Topic, topic))
                {
                    var (owner, at) = owners[keyword.Value];
                    _problems.Add(keyword.At, $"keyword '{keyword.Value}' already leads to topic '{owner.Id}' (line {at.Line})");
                }
            }
        }
    }

    private void CheckSeeAlso(IReadOnlyList<HelpDraft> topics)
    {
        var ids = topics.Select(topic => topic.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var reference in topics.SelectMany(topic => topic.SeeAlso).Where(r => !ids.Contains(r.Value)))
        {
            _problems.Add(reference.At, $"no help topic '{reference.Value}'{Spelling.DidYouMean(reference.Value, ids)}");
        }
    }
}
