using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExVenture.Domain.Protocol;

/// <summary>
/// One message for a player's client: a topic and its data as a JSON object (already rendered, so a room can
/// render a broadcast once and hand the same frame to every occupant). The edge adds the command ref, if any,
/// and writes <c>{"topic": ..., "data": ..., "ref": ...}</c> to the socket. See docs/protocol.md.
/// </summary>
public sealed record Frame(string Topic, string Data)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // Frames go to game clients, never into HTML: keep apostrophes and accents readable on the wire.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Frame Of<T>(string topic, T data) => new(topic, JsonSerializer.Serialize(data, Json));
}

/// <summary>Topic names of the wire protocol (docs/protocol.md). Clients depend on these exact strings.</summary>
public static class Topics
{
    public const string Send = "system/send";
    public const string Ping = "system/ping";
    public const string Pong = "system/pong";
    public const string Display = "system/display";
    public const string Error = "system/error";
    public const string RoomInfo = "Room.Info";
    public const string CharacterEnter = "Room.CharacterEnter";
    public const string CharacterLeave = "Room.CharacterLeave";
    public const string RoomSay = "Room.Say";
    public const string RoomWhisper = "Room.Whisper";
    public const string RoomEmote = "Room.Emote";
    public const string Tell = "Character.Tell";
    public const string Vitals = "Character.Vitals";
    public const string Who = "Character.Who";
    public const string ChannelBroadcast = "Channel.Broadcast";
    public const string InventoryAll = "Inventory.All";
    public const string Map = "Zone.Map";
}

/// <summary>Codes carried by <c>system/error</c> frames.</summary>
public static class ErrorCodes
{
    public const string MalformedFrame = "malformed_frame";
    public const string FrameTooLarge = "frame_too_large";
    public const string UnknownTopic = "unknown_topic";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string SessionReplaced = "session_replaced";

    /// <summary>The character was deleted (from the account pages): its session ends and the socket closes with this reason.</summary>
    public const string CharacterDeleted = "character_deleted";

    /// <summary>An operator disconnected the player (<c>pbm game kick</c>): the socket closes with this reason.</summary>
    public const string Kicked = "kicked";
}
