namespace ExVenture.Domain.World;

/// <summary>A kind of item as the world files define it ("brass lantern"); instances on floors and in packs refer to it by id.</summary>
public sealed record ItemKind(string Id, string Name, string Description, IReadOnlyList<string> Keywords);

public sealed record Exit(Direction Direction, string ToRoomId);

/// <summary>Items a room holds when it first comes to life (before any event was persisted for it).</summary>
public sealed record ItemPlacement(string ItemKindId, int Count);

public sealed record RoomDefinition(
    string Id,
    string ZoneId,
    string Name,
    string Description,
    int X,
    int Y,
    int Z,
    IReadOnlyList<Exit> Exits,
    IReadOnlyList<ItemPlacement> Items)
{
    public Exit? ExitTo(Direction direction) => Exits.FirstOrDefault(e => e.Direction == direction);
}

/// <param name="HomeRegion">Region whose nodes should host this zone's rooms; null means the primary region.</param>
public sealed record Zone(string Id, string Name, string Description, string? HomeRegion, IReadOnlyList<string> RoomIds);

public sealed record HelpTopic(string Id, string Title, IReadOnlyList<string> Keywords, string Body, IReadOnlyList<string> SeeAlso);
