using System.Globalization;
using ExVenture.TestSupport;
using Tomlyn;
using Tomlyn.Model;

namespace ExVenture.Server.Tests.Deployment;

/// <summary>The repository's <c>fly.toml</c>, parsed, with typed access to the keys the deployment tests look at.</summary>
internal sealed class FlyToml
{
    private FlyToml(TomlTable root) => Root = root;

    public static string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "fly.toml");

    public TomlTable Root { get; }

    public static FlyToml Load() => new(TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(Path))!);

    public string App => String(Root, "app");

    public string PrimaryRegion => String(Root, "primary_region");

    /// <summary><c>[env]</c> as written: values keep their TOML types (the tests check they are strings).</summary>
    public TomlTable EnvTable => Table(Root, "env");

    /// <summary><c>[env]</c> as the environment variables a machine sees.</summary>
    public IReadOnlyDictionary<string, string> Env =>
        EnvTable.ToDictionary(pair => pair.Key, pair => Convert.ToString(pair.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);

    public TomlTable HttpService => Table(Root, "http_service");

    public IReadOnlyList<TomlTable> HttpChecks =>
        HttpService.TryGetValue("checks", out var checks) && checks is TomlTableArray array ? array.ToList() : [];

    /// <summary>Every <c>[[services]]</c> entry (raw TCP services), none when absent.</summary>
    public IReadOnlyList<TomlTable> Services =>
        Root.TryGetValue("services", out var services) && services is TomlTableArray array ? array.ToList() : [];

    public IReadOnlyList<TomlTable> Vms =>
        Root.TryGetValue("vm", out var vms) && vms is TomlTableArray array ? array.ToList() : [];

    public static TomlTable Table(TomlTable parent, string key) =>
        parent.TryGetValue(key, out var value) && value is TomlTable table
            ? table
            : throw new Xunit.Sdk.XunitException($"fly.toml has no [{key}] table");

    public static string String(TomlTable table, string key) =>
        table.TryGetValue(key, out var value) && value is string text
            ? text
            : throw new Xunit.Sdk.XunitException($"fly.toml: '{key}' is missing or not a string (got {value?.GetType().Name ?? "nothing"})");

    public static long Integer(TomlTable table, string key) =>
        table.TryGetValue(key, out var value) && value is long number
            ? number
            : throw new Xunit.Sdk.XunitException($"fly.toml: '{key}' is missing or not an integer (got {value?.GetType().Name ?? "nothing"})");

    /// <summary>A Fly duration: an integer (seconds) or a string such as <c>"60s"</c>, <c>"2m"</c> or <c>"1m30s"</c>.</summary>
    public static TimeSpan Duration(TomlTable table, string key)
    {
        if (!table.TryGetValue(key, out var value))
        {
            throw new Xunit.Sdk.XunitException($"fly.toml: '{key}' is missing");
        }

        if (value is long seconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var text = value as string ?? throw new Xunit.Sdk.XunitException($"fly.toml: '{key}' is neither a number nor a duration string");
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$");
        if (!match.Success || text.Length == 0)
        {
            throw new Xunit.Sdk.XunitException($"fly.toml: '{key}' = '{text}' is not a duration such as 60s or 1m30s");
        }

        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(Part(1), Part(2), Part(3));
    }
}
