using System.Text.Json;

namespace ExVenture.Bots;

/// <summary>What a bot knows of the world, kept from the frames it receives: the exits and items of the room it
/// stands in (<c>Room.Info</c>) and what it carries (<c>Inventory.All</c>). Profiles choose from it.</summary>
public sealed class BotView
{
    private volatile IReadOnlyList<string> _exits = [];
    private volatile IReadOnlyList<string> _floorItems = [];
    private volatile IReadOnlyList<string> _carried = [];

    public IReadOnlyList<string> Exits => _exits;

    public IReadOnlyList<string> FloorItems => _floorItems;

    public IReadOnlyList<string> Carried => _carried;

    /// <summary>The room the bot last saw itself in.</summary>
    public string? RoomId { get; private set; }

    /// <summary>Updates the view from a frame's <c>data</c> when the topic is one the view follows.</summary>
    /// <returns>Whether the frame was a <c>Room.Info</c>: the bot is in a room.</returns>
    public bool Update(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> frame)
    {
        var isRoom = topic.SequenceEqual("Room.Info"u8);
        if (!isRoom && !topic.SequenceEqual("Inventory.All"u8))
        {
            return false;
        }

        var reader = new Utf8JsonReader(frame);
        using var document = JsonDocument.ParseValue(ref reader);
        if (!document.RootElement.TryGetProperty("data", out var data))
        {
            return false;
        }

        if (isRoom)
        {
            RoomId = data.TryGetProperty("id", out var id) ? id.GetString() : null;
            _exits = Names(data, "exits", "direction");
            _floorItems = Names(data, "items", "name");
        }
        else
        {
            _carried = Names(data, "items", "name");
        }

        return isRoom;
    }

    private static string[] Names(JsonElement data, string list, string field) =>
        data.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Select(i => i.TryGetProperty(field, out var v) ? v.GetString() : null).OfType<string>()]
            : [];
}
