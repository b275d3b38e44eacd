namespace ExVenture.Domain.World;

/// <summary>
/// Reads the files of a world directory into drafts, checking each file on its own: YAML syntax, required fields,
/// types, unknown keys, id formats, and anything else that needs no other file. Cross-file checks are
/// <see cref="WorldValidator"/>'s.
/// </summary>
internal sealed class WorldFileReader(string root, WorldProblems problems)
{
    public const string WorldFile = "world.yml";
    public const string ItemsFile = "items.yml";
    public const string HelpFile = "help.yml";
    public const string ZonesDirectory = "zones";
    public const string ZoneExtension = ".yml";

    private readonly HashSet<string> _unreadableZoneIds = new(StringComparer.Ordinal);

    public WorldDraft Read()
    {
        var settings = ReadSettings();
        var items = ReadItems();
        var help = ReadHelp();
        var zoneFiles = ZoneFiles();
        var zones = zoneFiles.Select(ReadZone).OfType<ZoneDraft>().ToList();
        return new WorldDraft(settings, items, help, zones, zoneFiles.Count > 0, _unreadableZoneIds);
    }

    private WorldSettingsDraft? ReadSettings()
    {
        if (YamlFile.ReadMapping(root, WorldFile, problems) is not { } world)
        {
            return null;
        }

        var name = world.RequiredText("name");
        var startRoom = world.RequiredLocatedText("start_room");
        world.ReportUnknownKeys();
        if (startRoom is not null && !WorldIds.IsFullRoomId(startRoom.Value))
        {
            problems.Add(startRoom.At, $"'{startRoom.Value}' is not a full room id (a zone id, a dot and a room key, such as 'harbor.quay')");
            startRoom = null;
        }

        return new WorldSettingsDraft(name ?? "", startRoom);
    }

    private List<ItemDraft>? ReadItems() =>
        YamlFile.ReadMapping(root, ItemsFile, problems)?.Entries.Select(ReadItem).OfType<ItemDraft>().ToList();

    private ItemDraft? ReadItem(YamlEntry entry)
    {
        CheckId(entry, "item id");
        if (YamlMap.From(entry, problems) is not { } item)
        {
            return null;
        }

        var name = item.RequiredText("name");
        var description = item.RequiredText("description");
        var keywords = ValidKeywords(item.RequiredTextList("keywords"));
        item.ReportUnknownKeys();
        var kind = new ItemKind(entry.Key, name ?? "", description ?? "", keywords.Select(k => k.Value).ToList());
        return new ItemDraft(kind, entry.At);
    }

    private List<HelpDraft>? ReadHelp() =>
        YamlFile.ReadMapping(root, HelpFile, problems)?.Entries.Select(ReadTopic).OfType<HelpDraft>().ToList();

    private HelpDraft? ReadTopic(YamlEntry entry)
    {
        CheckId(entry, "help topic id");
        if (YamlMap.From(entry, problems) is not { } topic)
        {
            return null;
        }

        var title = topic.RequiredText("title");
        var keywords = ValidKeywords(topic.OptionalTextList("keywords"));
        var body = topic.RequiredText("body");
        var seeAlso = topic.OptionalTextList("see_also");
        topic.ReportUnknownKeys();
        return new HelpDraft(entry.Key, title ?? "", body ?? "", entry.At, keywords, seeAlso);
    }

    /// <summary>The keywords that are single lower-case words, each once; the others are reported.</summary>
    private List<Located<string>> ValidKeywords(IEnumerable<Located<string>> keywords)
    {
        var valid = new List<Located<string>>();
        foreach (var keyword in keywords)
        {
            if (!WorldIds.IsKeyword(keyword.Value))
            {
                problems.Add(keyword.At, $"'{keyword.Value}' is not a valid keyword (one lower-case word, no spaces)");
            }
            else if (valid.Any(k => k.Value == keyword.Value))
            {
                problems.Add(keyword.At, $"'{keyword.Value}' is listed twice");
            }
            else
            {
                valid.Add(keyword);
            }
        }

        return valid;
    }

    /// <summary>
    /// The zone files, as paths relative to the world directory, in name order. A missing or empty zones directory
    /// is reported, and so are files that look meant as zones but are misnamed (they are not loaded).
    /// </summary>
    private List<string> ZoneFiles()
    {
        var directory = Path.Combine(root, ZonesDirectory);
        var at = SourceLocation.WholeFile(ZonesDirectory + "/");
        if (!Directory.Exists(directory))
        {
            problems.Add(at, "directory not found");
            return [];
        }

        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var file = $"{ZonesDirectory}/{Path.GetFileName(path)}";
            var extension = Path.GetExtension(path);
            if (extension == ZoneExtension)
            {
                files.Add(file);
            }
            else if (extension.ToLowerInvariant() is ".yaml" or ZoneExtension)
            {
                problems.Add(SourceLocation.WholeFile(file), $"zone files must end in '{ZoneExtension}'; this one is not loaded");
            }
        }

        if (files.Count == 0)
        {
            problems.Add(at, $"no zone files (*{ZoneExtension}) found");
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private ZoneDraft? ReadZone(string file)
    {
        var fileZoneId = Path.GetFileNameWithoutExtension(file);
        if (YamlFile.ReadMapping(root, file, problems) is not { } zone)
        {
            _unreadableZoneIds.Add(fileZoneId);
            return null;
        }

        var id = ZoneId(zone, fileZoneId);
        var name = zone.RequiredText("name");
        var description = zone.RequiredText("description");
        var homeRegion = HomeRegion(zone);
        var rooms = zone.RequiredMap("rooms") is { } roomMap ? ReadRooms(roomMap, id) : [];
        zone.ReportUnknownKeys();
        return new ZoneDraft(id, name ?? "", description ?? "", homeRegion, zone.At, rooms);
    }

    /// <summary>The zone's id as declared, or the file's name when the declared one is missing or malformed (to keep checking its rooms).</summary>
    private string ZoneId(YamlMap zone, string fileZoneId)
    {
        if (zone.RequiredLocatedText("id") is not { } id)
        {
            return fileZoneId;
        }

        if (!WorldIds.IsValid(id.Value))
        {
            problems.Add(id.At, $"'{id.Value}' is not a valid zone id; {WorldIds.IdRule}");
            return fileZoneId;
        }

        if (id.Value != fileZoneId)
        {
            problems.Add(id.At, $"zone id '{id.Value}' does not match the file name; name the file '{id.Value}{ZoneExtension}'");
        }

        return id.Value;
    }

    private string? HomeRegion(YamlMap zone)
    {
        if (zone.OptionalLocatedText("home_region") is not { } region)
        {
            return null;
        }

        if (!WorldIds.IsRegionCode(region.Value))
        {
            problems.Add(region.At, $"'{region.Value}' is not a region code (three lower-case letters, such as 'iad')");
        }

        return region.Value;
    }

    private List<RoomDraft> ReadRooms(YamlMap rooms, string zoneId)
    {
        var drafts = rooms.Entries.Select(entry => ReadRoom(entry, zoneId)).OfType<RoomDraft>().ToList();
        if (!rooms.Entries.Any())
        {
            problems.Add(rooms.At, "a zone needs at least one room");
        }

        return drafts;
    }

    private RoomDraft? ReadRoom(YamlEntry entry, string zoneId)
    {
        CheckId(entry, "room key");
        if (YamlMap.From(entry, problems) is not { } room)
        {
            return null;
        }

        var name = room.RequiredText("name");
        var description = room.RequiredText("description");
        var position = ReadPosition(room);
        var exits = room.OptionalMap("exits") is { } exitMap ? ReadExits(exitMap, zoneId) : [];
        var items = ReadPlacements(room.OptionalList("items"));
        room.ReportUnknownKeys();
        var id = WorldIds.FullRoomId(zoneId, entry.Key);
        return new RoomDraft(id, zoneId, name ?? "", description ?? "", position, entry.At, exits, items);
    }

    private static Position? ReadPosition(YamlMap room)
    {
        var x = room.RequiredInt("x");
        var y = room.RequiredInt("y");
        var z = room.RequiredInt("z");
        return x is { } east && y is { } north && z is { } up ? new Position(east, north, up) : null;
    }

    private List<ExitDraft> ReadExits(YamlMap exits, string zoneId)
    {
        var drafts = new List<ExitDraft>();
        foreach (var entry in exits.Entries)
        {
            var direction = ParseDirection(entry);
            var target = YamlMap.TextFrom(entry, problems);
            var toRoomId = target is null ? null : WorldIds.ResolveRoom(zoneId, target);
            if (target is not null && toRoomId is null)
            {
                problems.Add(entry.At, $"'{target}' is neither a room key (such as 'quay') nor a full room id (such as 'harbor.quay')");
            }

            if (direction is { } way && toRoomId is not null)
            {
                drafts.Add(new ExitDraft(way, toRoomId, entry.At));
            }
        }

        return drafts;
    }

    private Direction? ParseDirection(YamlEntry entry)
    {
        if (Directions.TryParse(entry.Key, out var direction) && direction.Name() == entry.Key)
        {
            return direction;
        }

        var names = Directions.All.Select(d => d.Name()).ToList();
        var abbreviated = names.FirstOrDefault(name => entry.Key.Length == 1 && name[0] == entry.Key[0]);
        var hint = abbreviated is null ? Spelling.DidYouMean(entry.Key, names) : $" (did you mean '{abbreviated}'?)";
        problems.Add(entry.At, $"unknown direction '{entry.Key}'{hint}; exits lead {string.Join(", ", names)}");
        return null;
    }

    private List<PlacementDraft> ReadPlacements(IEnumerable<YamlEntry> elements)
    {
        var drafts = new List<PlacementDraft>();
        foreach (var element in elements)
        {
            if (YamlMap.From(element, problems) is not { } placement)
            {
                continue;
            }

            var kind = placement.RequiredLocatedText("item");
            var count = placement.OptionalInt("count", minimum: 1) ?? 1;
            placement.ReportUnknownKeys();
            if (kind is null)
            {
                continue;
            }

            if (drafts.FirstOrDefault(d => d.ItemKindId == kind.Value) is { } earlier)
            {
                problems.Add(kind.At, $"'{kind.Value}' is already placed in this room (line {earlier.At.Line}); raise its count instead");
                continue;
            }

            drafts.Add(new PlacementDraft(kind.Value, count, kind.At));
        }

        return drafts;
    }

    private void CheckId(YamlEntry entry, string what)
    {
        if (!WorldIds.IsValid(entry.Key))
        {
            problems.Add(entry.At, $"'{entry.Key}' is not a valid {what}; {WorldIds.IdRule}");
        }
    }
}
