namespace ExVenture.Pbm;

/// <summary>What a Tab did: the new line and cursor, and the candidates to list when it could not decide.</summary>
public sealed record CompletionResult(string Line, int Cursor, IReadOnlyList<string> Candidates)
{
    public static CompletionResult Unchanged(string line, int cursor) => new(line, cursor, []);
}

/// <summary>
/// Tab completion from the palettes fetched at start: the first word completes to a palette name or a prompt word
/// (help, exit, quit), the second to one of the palette's commands (or, after help, a palette), later words to the
/// command's switches (<c>-a</c>), except where the word before is a switch that takes a value. Pure: no console.
/// </summary>
public sealed class Completion(IReadOnlyList<PaletteInfo> palettes)
{
    public static readonly IReadOnlyList<string> PromptWords = ["help", "exit", "quit"];

    public IReadOnlyList<PaletteInfo> Palettes { get; } = palettes;

    /// <summary>Completes the word that ends at <paramref name="cursor"/> in <paramref name="line"/>.</summary>
    public CompletionResult Complete(string line, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, line.Length);
        var start = cursor;
        while (start > 0 && !char.IsWhiteSpace(line[start - 1]))
        {
            start--;
        }

        var word = line[start..cursor];
        IReadOnlyList<string> before;
        try
        {
            before = CommandLine.Split(line[..start]);
        }
        catch (PbmException)
        {
            return CompletionResult.Unchanged(line, cursor);
        }

        var matches = CandidatesFor(before)
            .Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            return CompletionResult.Unchanged(line, cursor);
        }

        if (matches.Count == 1)
        {
            var rest = line[cursor..];
            var suffix = rest.Length > 0 && char.IsWhiteSpace(rest[0]) ? "" : " ";
            var completed = line[..start] + matches[0] + suffix;
            return new CompletionResult(completed + rest, completed.Length, []);
        }

        var prefix = CommonPrefix(matches);
        if (prefix.Length > word.Length)
        {
            var completed = line[..start] + prefix;
            return new CompletionResult(completed + line[cursor..], completed.Length, []);
        }

        return new CompletionResult(line, cursor, matches);
    }

    /// <summary>What may come after <paramref name="before"/> (the complete words before the cursor).</summary>
    public IEnumerable<string> CandidatesFor(IReadOnlyList<string> before)
    {
        if (before.Count == 0)
        {
            return Palettes.Select(p => p.Name).Concat(PromptWords);
        }

        var isHelp = string.Equals(before[0], "help", StringComparison.OrdinalIgnoreCase);
        if (before.Count == 1)
        {
            return isHelp ? Palettes.Select(p => p.Name) : Palette(before[0])?.Commands.Select(c => c.Name) ?? [];
        }

        if (isHelp)
        {
            return before.Count == 2 ? Palette(before[1])?.Commands.Select(c => c.Name) ?? [] : [];
        }

        var command = Palette(before[0])?.Commands.FirstOrDefault(c => string.Equals(c.Name, before[1], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            return [];
        }

        var previous = before[^1];
        if (before.Count > 2 && command.Switches.Any(s => s.TakesValue && "-" + s.Name == previous))
        {
            return [];
        }

        var used = before.Skip(2).ToHashSet(StringComparer.Ordinal);
        return command.Switches.Select(s => "-" + s.Name).Where(s => !used.Contains(s));
    }

    private PaletteInfo? Palette(string name) =>
        Palettes.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string CommonPrefix(IReadOnlyList<string> words)
    {
        var length = words[0].Length;
        foreach (var word in words.Skip(1))
        {
            length = Math.Min(length, word.Length);
            for (var i = 0; i < length; i++)
            {
                if (char.ToLowerInvariant(word[i]) != char.ToLowerInvariant(words[0][i]))
                {
                    length = i;
                    break;
                }
            }
        }

        return words[0][..length];
    }
}
