using System.Text.RegularExpressions;

namespace ExVenture.Domain.World;

/// <summary>The rules for zone ids, room keys, item ids, help topic ids and full room ids ("harbor.quay").</summary>
internal static partial class WorldIds
{
    public const string IdRule = "use only lower-case letters, digits and '-'";

    public static bool IsValid(string id) => IdPattern().IsMatch(id);

    /// <summary>True for a well-formed full room id: two valid ids joined by one dot.</summary>
    public static bool IsFullRoomId(string id) =>
        id.Split('.') is [var zone, var key] && IsValid(zone) && IsValid(key);

    public static string FullRoomId(string zoneId, string roomKey) => $"{zoneId}.{roomKey}";

    public static string ZoneOf(string fullRoomId) => fullRoomId.Split('.')[0];

    /// <summary>
    /// The full id a room reference written inside <paramref name="zoneId"/>'s file stands for: a bare key means a
    /// room of the same zone, a full id any room. <c>null</c> when the reference is neither.
    /// </summary>
    public static string? ResolveRoom(string zoneId, string reference) =>
        IsValid(reference) ? FullRoomId(zoneId, reference)
        : IsFullRoomId(reference) ? reference
        : null;

    /// <summary>Keywords (for items and help topics) are single lower-case words; punctuation such as '?' is allowed.</summary>
    public static bool IsKeyword(string keyword) =>
        keyword.Length > 0 && !keyword.Any(char.IsWhiteSpace) && keyword == keyword.ToLowerInvariant();

    /// <summary>A Fly.io region code: three lower-case letters, such as "iad" or "ams".</summary>
    public static bool IsRegionCode(string region) => RegionPattern().IsMatch(region);

    [GeneratedRegex("^[a-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
