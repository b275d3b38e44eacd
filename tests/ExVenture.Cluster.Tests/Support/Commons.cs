namespace ExVenture.Cluster.Tests.Support;

/// <summary>The part of world/zones/commons.yml the scenarios play in: Mussel Street and the chandlery off it.</summary>
internal static class Commons
{
    public const string Green = "commons.green";
    public const string HighStreet = "commons.high-street";
    public const string Chandlery = "commons.chandlery";
    public const string ChapelPorch = "commons.chapel-porch";

    public const string Lantern = "tin storm lantern";
    public const string Candle = "candle stub";

    /// <summary>The item instances the chandlery starts with (2 lanterns, 3 candle stubs): ids are stable for all time.</summary>
    public static readonly IReadOnlyList<string> ChandleryItems =
    [
        "commons.chandlery/lantern/1",
        "commons.chandlery/lantern/2",
        "commons.chandlery/candle-stub/1",
        "commons.chandlery/candle-stub/2",
        "commons.chandlery/candle-stub/3",
    ];

    /// <summary>Where <paramref name="direction"/> leads from <paramref name="room"/>, for the rooms the scripts walk.</summary>
    public static string? Destination(string? room, string direction) => (room, direction) switch
    {
        (Green, "north") => HighStreet,
        (HighStreet, "south") => Green,
        (HighStreet, "west") => Chandlery,
        (HighStreet, "east") => ChapelPorch,
        (Chandlery, "east") => HighStreet,
        (ChapelPorch, "west") => HighStreet,
        _ => null,
    };

    /// <summary>The word a player types for an item ("get lantern").</summary>
    public static string Keyword(string itemName) => itemName switch
    {
        Lantern => "lantern",
        Candle => "candle",
        _ => throw new ArgumentOutOfRangeException(nameof(itemName), itemName, "Not an item the scripts handle."),
    };

    /// <summary>The item a typed word means, for the items the scripts handle.</summary>
    public static string ItemNamed(string keyword) => keyword switch
    {
        "lantern" => Lantern,
        "candle" => Candle,
        _ => throw new ArgumentOutOfRangeException(nameof(keyword), keyword, "Not an item the scripts handle."),
    };
}
