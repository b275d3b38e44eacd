namespace ExVenture.Domain.World;

// What the world files say, as read and before cross-checking: the domain values plus where each was written, so
// the validator can point at the exact line. Text a builder left out is "" here; that is always reported, and a
// world with any problem is never built.

/// <summary>A room's place on the grid: x grows east, y grows north, z grows up.</summary>
internal readonly record struct Position(int X, int Y, int Z)
{
    /// <summary>The neighbouring position one step in <paramref name="direction"/>.</summary>
    public Position Step(Direction direction) => direction switch
    {
        Direction.North => this with { Y = Y + 1 },
        Direction.South => this with { Y = Y - 1 },
        Direction.East => this with { X = X + 1 },
        Direction.West => this with { X = X - 1 },
        Direction.Up => this with { Z = Z + 1 },
        Direction.Down => this with { Z = Z - 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public override string ToString() => $"({X}, {Y}, {Z})";
}

internal sealed record WorldSettingsDraft(string Name, Located<string>? StartRoom);

internal sealed record ItemDraft(ItemKind Kind, SourceLocation At);

internal sealed record HelpDraft(
    string Id,
    string Title,
    string Body,
    SourceLocation At,
    IReadOnlyList<Located<string>> Keywords,
    IReadOnlyList<Located<string>> SeeAlso)
{
    public HelpTopic ToTopic() =>
        new(Id, Title, Keywords.Select(k => k.Value).ToList(), Body, SeeAlso.Select(s => s.Value).ToList());
}

internal sealed record ExitDraft(Direction Direction, string ToRoomId, SourceLocation At);

internal sealed record PlacementDraft(string ItemKindId, int Count, SourceLocation At);

/// <param name="Position">Null when a coordinate was missing or not a number (already reported).</param>
internal sealed record RoomDraft(
    string Id,
    string ZoneId,
    string Name,
    string Description,
    Position? Position,
    SourceLocation At,
    IReadOnlyList<ExitDraft> Exits,
    IReadOnlyList<PlacementDraft> Items)
{
    public RoomDefinition ToDefinition()
    {
        var position = Position.GetValueOrDefault();
        return new RoomDefinition(
            Id,
            ZoneId,
            Name,
            Description,
            position.X,
            position.Y,
            position.Z,
            Exits.Select(e => new Exit(e.Direction, e.ToRoomId)).ToList(),
            Items.Select(i => new ItemPlacement(i.ItemKindId, i.Count)).ToList());
    }
}

internal sealed record ZoneDraft(
    string Id,
    string Name,
    string Description,
    string? HomeRegion,
    SourceLocation At,
    IReadOnlyList<RoomDraft> Rooms)
{
    public Zone ToZone() => new(Id, Name, Description, HomeRegion, Rooms.Select(r => r.Id).ToList());
}

/// <summary>Everything read from a world directory.</summary>
/// <param name="Settings">Null when world.yml could not be read.</param>
/// <param name="Items">Null when items.yml could not be read (so item references cannot be checked).</param>
/// <param name="Help">Null when help.yml could not be read.</param>
/// <param name="ZonesFound">False when there was no zone file to read at all.</param>
/// <param name="UnreadableZoneIds">Zones (named by file) whose files could not be read.</param>
internal sealed record WorldDraft(
    WorldSettingsDraft? Settings,
    IReadOnlyList<ItemDraft>? Items,
    IReadOnlyList<HelpDraft>? Help,
    IReadOnlyList<ZoneDraft> Zones,
    bool ZonesFound,
    IReadOnlySet<string> UnreadableZoneIds)
{
    /// <summary>
    /// Whether a reference to <paramref name="roomId"/> can be checked: not when its zone's file (or every zone
    /// file) is missing or unreadable, a problem already reported that would otherwise be repeated for each reference.
    /// </summary>
    public bool CanCheckRoom(string roomId) => ZonesFound && !UnreadableZoneIds.Contains(WorldIds.ZoneOf(roomId));
}
