using System.Globalization;

namespace ExVenture.Actors.Operator;

/// <summary>A request whose arguments fit its command: switch values by name (a flag's value is "true") and the words.</summary>
public sealed record ParsedCommand(CommandSpec Spec, IReadOnlyDictionary<string, string> Switches, IReadOnlyList<string> Words)
{
    public string Palette => Spec.Palette;

    public string Name => Spec.Name;

    public string? Switch(string name) => Switches.GetValueOrDefault(name);

    /// <summary>The switch as a whole number in [min, max]; <paramref name="fallback"/> when it was not given.
    /// Range problems are caught by the parser, so this never fails on a parsed command.</summary>
    public int Number(string name, int fallback) =>
        Switch(name) is { } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>
/// Parses the raw tokens of a request (<c>["-a", "akka.tcp://…"]</c>, <c>["Tamsin"]</c>, <c>["the", "bell", "rings"]</c>)
/// against the command's switches and words, the way <c>pbm</c> users type them: <c>-a value</c> or <c>--a value</c>,
/// switches in any order, <c>--</c> ending the switches. A command without switches takes every token as a word, so
/// <c>game wall -- maintenance at noon --</c> says what it says.
/// </summary>
public static class OperatorArguments
{
    /// <summary>Numeric switches and their accepted ranges.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> Ranges = new(StringComparer.Ordinal)
    {
        ["d"] = (1, 10),
        ["n"] = (1, RecentLogLines.DefaultCapacity),
    };

    /// <returns>The parsed command, or null with <paramref name="error"/> saying what does not fit (400, with the usage).</returns>
    public static ParsedCommand? Parse(CommandSpec spec, IReadOnlyList<string>? arguments, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokens = arguments ?? [];
        var switches = new Dictionary<string, string>(StringComparer.Ordinal);
        var words = new List<string>();
        var takesSwitches = spec.Info.Switches.Count > 0;
        var switchesOver = !takesSwitches;
        error = null;

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i] ?? "";
            if (!switchesOver && token == "--")
            {
                switchesOver = true;
                continue;
            }

            if (switchesOver || !IsSwitch(token))
            {
                words.Add(token);
                continue;
            }

            var name = token.TrimStart('-');
            var info = spec.Info.Switches.FirstOrDefault(s => s.Name == name);
            if (info is null)
            {
                return Fail(spec, $"unknown switch '{token}'", out error);
            }

            if (switches.ContainsKey(name))
            {
                return Fail(spec, $"-{name} is given twice", out error);
            }

            if (!info.TakesValue)
            {
                switches[name] = "true";
                continue;
            }

            if (i + 1 >= tokens.Count || string.IsNullOrWhiteSpace(tokens[i + 1]) || IsSwitch(tokens[i + 1]))
            {
                return Fail(spec, $"-{name} needs a value", out error);
            }

            switches[name] = tokens[++i].Trim();
        }

        foreach (var required in spec.Info.Switches.Where(s => s.Required && !switches.ContainsKey(s.Name)))
        {
            return Fail(spec, $"-{required.Name} is required", out error);
        }

        foreach (var (name, value) in switches)
        {
            if (Ranges.TryGetValue(name, out var range)
                && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < range.Min || number > range.Max))
            {
                return Fail(spec, $"-{name} must be a whole number from {range.Min} to {range.Max} (got '{value}')", out error);
            }
        }

        var expected = spec.Words;
        if (words.Count < expected.Min)
        {
            return Fail(spec, $"missing <{expected.Name}>", out error);
        }

        if (words.Count > expected.Max)
        {
            return Fail(spec, expected.Max == 0 ? $"unexpected '{string.Join(' ', words)}'" : $"too many words: '{string.Join(' ', words)}'", out error);
        }

        if (expected.Choices is { } choices && !choices.Contains(words[0], StringComparer.OrdinalIgnoreCase))
        {
            return Fail(spec, $"expected {string.Join(" or ", choices)}, not '{words[0]}'", out error);
        }

        return new ParsedCommand(spec, switches, words);
    }

    /// <summary>A dash followed by a letter: "-a", "--a". A lone "-" or a negative number is a word.</summary>
    private static bool IsSwitch(string token) =>
        token.Length >= 2 && token[0] == '-' && char.IsLetter(token.TrimStart('-').FirstOrDefault());

    private static ParsedCommand? Fail(CommandSpec spec, string problem, out string error)
    {
        error = $"{problem}\nusage: {spec.Usage}";
        return null;
    }
}
