namespace ExVenture.Domain.World;

/// <summary>
/// The static world every node loads at boot: zones, rooms, item kinds, help topics and the start room.
/// Immutable once built; the mutable parts of the world (who stands where, what lies on a floor) live in entity state.
/// </summary>
public sealed class GameWorld
{
    private readonly Dictionary<string, RoomDefinition> _rooms;
    private readonly Dictionary<string, ItemKind> _items;
    private readonly Dictionary<string, Zone> _zones;
    private readonly Dictionary<string, HelpTopic> _helpByKeyword;

    public GameWorld(
        string name,
        string startRoomId,
        IEnumerable<Zone> zones,
        IEnumerable<RoomDefinition> rooms,
        IEnumerable<ItemKind> items,
        IEnumerable<HelpTopic> help)
    {
        Name = name;
        StartRoomId = startRoomId;
        _zones = zones.ToDictionary(z => z.Id, StringComparer.Ordinal);
        _rooms = rooms.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _items = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        HelpTopics = help.ToList();
        _helpByKeyword = new Dictionary<string, HelpTopic>(StringComparer.OrdinalIgnoreCase);
        foreach (var topic in HelpTopics)
        {
            _helpByKeyword.TryAdd(topic.Id, topic);
            foreach (var keyword in topic.Keywords)
            {
                _helpByKeyword.TryAdd(keyword, topic);
            }
        }
    }

    public string Name { get; }
    public string StartRoomId { get; }
    public IReadOnlyCollection<Zone> Zones => _zones.Values;
    public IReadOnlyCollection<RoomDefinition> Rooms => _rooms.Values;
    public IReadOnlyCollection<ItemKind> ItemKinds => _items.Values;
    public IReadOnlyList<HelpTopic> HelpTopics { get; }

    public RoomDefinition Room(string id) =>
        _rooms.TryGetValue(id, out var room) ? room : throw new KeyNotFoundException($"No room '{id}' in the world.");

    public bool TryGetRoom(string id, out RoomDefinition room) => _rooms.TryGetValue(id, out room!);

    public ItemKind Item(string id) =>
        _items.TryGetValue(id, out var item) ? item : throw new KeyNotFoundException($"No item kind '{id}' in the world.");

    public bool TryGetItem(string id, out ItemKind item) => _items.TryGetValue(id, out item!);

    public Zone Zone(string id) =>
        _zones.TryGetValue(id, out var zone) ? zone : throw new KeyNotFoundException($"No zone '{id}' in the world.");

    /// <summary>Finds a help topic by id or keyword, case-insensitively.</summary>
    public HelpTopic? FindHelp(string keyword) => _helpByKeyword.GetValueOrDefault(keyword.Trim());
}
