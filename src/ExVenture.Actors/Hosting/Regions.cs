using System.Text.RegularExpressions;

namespace ExVenture.Actors.Hosting;

/// <summary>
/// Regions: where a node runs, as Fly.io names it (<c>iad</c>, <c>lhr</c>, <c>nrt</c>…). A node's region is also one of
/// its cluster roles, <c>region-&lt;code&gt;</c>, so every member knows every other member's region from gossip alone.
/// </summary>
public static partial class Regions
{
    /// <summary>The region of a node that was told none (a laptop, a test).</summary>
    public const string Local = "local";

    private const string RolePrefix = "region-";

    /// <summary>The cluster role that carries <paramref name="region"/>.</summary>
    public static string Role(string region) => RolePrefix + region;

    /// <summary>The region named by a member's roles, if any.</summary>
    public static string? FromRoles(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => r.StartsWith(RolePrefix, StringComparison.Ordinal))?[RolePrefix.Length..];

    /// <summary>Lower-case letters and digits, with inner dashes, 2 to 16 long: Fly's codes and anything similar.</summary>
    public static bool IsValid(string region) => Code().IsMatch(region);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])$")]
    private static partial Regex Code();
}
