using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExVenture.Domain.World;

/// <summary>A value read from a world file, with where it was written.</summary>
internal sealed record Located<T>(T Value, SourceLocation At);

/// <summary>A key (or list index) and its value, with where the entry was written.</summary>
internal sealed record YamlEntry(string Key, YamlNode Value, SourceLocation At);

/// <summary>
/// A YAML mapping read field by field. Every problem (missing, empty, wrong type, unknown key) is reported with its
/// key path and line, and the value comes back as <c>null</c> so reading can go on and find the next problem.
/// An optional key written with no value (<c>exits:</c>) counts as absent.
/// </summary>
internal sealed class YamlMap
{
    private readonly OrderedDictionary<string, YamlEntry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownKeys = new(StringComparer.Ordinal);
    private readonly WorldProblems _problems;

    /// <summary>How much of a misplaced value a problem quotes.</summary>
    private const int MaxQuotedLength = 30;

    private YamlMap(YamlMappingNode node, SourceLocation at, WorldProblems problems)
    {
        At = at;
        _problems = problems;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries.TryAdd(name, new YamlEntry(name, value, at.Key(name, YamlLines.Of(key))));
            }
            else
            {
                problems.Add(at with { Line = YamlLines.Of(key) }, $"a key must be a plain word, not {Describe(key)}");
            }
        }
    }

    /// <summary>Where the mapping is: its key path, and the line of the key that introduces it.</summary>
    public SourceLocation At { get; }

    /// <summary>Every entry in file order; for mappings whose keys are ids chosen by the builder, not field names.</summary>
    public IEnumerable<YamlEntry> Entries => _entries.Values;

    /// <summary>The value as a mapping, or <c>null</c> (reported) when it is something else.</summary>
    public static YamlMap? From(YamlEntry entry, WorldProblems problems)
    {
        if (entry.Value is YamlMappingNode mapping)
        {
            return new YamlMap(mapping, entry.At, problems);
        }

        problems.Add(entry.At, $"expected a mapping (indented 'key: value' lines) but found {Describe(entry.Value)}");
        return null;
    }

    /// <summary>The value as non-blank text (trailing line breaks removed), or <c>null</c> (reported) when it is not.</summary>
    public static string? TextFrom(YamlEntry entry, WorldProblems problems)
    {
        if (entry.Value is not YamlScalarNode scalar || IsNull(scalar))
        {
            problems.Add(entry.At, $"expected text but found {Describe(entry.Value)}");
            return null;
        }

        var text = scalar.Value!.TrimEnd();
        if (text.Trim().Length == 0)
        {
            problems.Add(entry.At, "must not be blank");
            return null;
        }

        return text;
    }

    public string? RequiredText(string key) => Text(Required(key));

    public string? OptionalText(string key) => Text(Optional(key));

    /// <summary>Like <see cref="RequiredText"/>, keeping where the text was written for later checks.</summary>
    public Located<string>? RequiredLocatedText(string key) => LocatedText(Required(key));

    /// <summary>Like <see cref="OptionalText"/>, keeping where the text was written for later checks.</summary>
    public Located<string>? OptionalLocatedText(string key) => LocatedText(Optional(key));

    public int? RequiredInt(string key) => Int(Required(key));

    /// <summary>The whole number under <paramref name="key"/>; a number below <paramref name="minimum"/> is reported and read as <c>null</c>.</summary>
    public int? OptionalInt(string key, int minimum = int.MinValue) => Int(Optional(key), minimum);

    public YamlMap? RequiredMap(string key) => Required(key) is { } entry ? From(entry, _problems) : null;

    public YamlMap? OptionalMap(string key) => Optional(key) is { } entry ? From(entry, _problems) : null;

    /// <summary>The elements of a list, each located by its index; empty when the key is absent or the value is not a list.</summary>
    public IReadOnlyList<YamlEntry> OptionalList(string key) => List(Optional(key));

    /// <summary>A list of words or ids; elements that are not text are reported and left out.</summary>
    public IReadOnlyList<Located<string>> OptionalTextList(string key) => TextList(OptionalList(key));

    /// <summary>Like <see cref="OptionalTextList"/>, but the key must be there with at least one element.</summary>
    public IReadOnlyList<Located<string>> RequiredTextList(string key)
    {
        var entry = Required(key);
        var elements = List(entry);
        if (entry is { Value: YamlSequenceNode } && elements.Count == 0)
        {
            _problems.Add(entry.At, "needs at least one entry");
        }

        return TextList(elements);
    }

    /// <summary>Reports every key that none of the readers above asked for, suggesting the closest expected one.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var entry in Entries.Where(entry => !_knownKeys.Contains(entry.Key)))
        {
            _problems.Add(entry.At, $"unknown key '{entry.Key}'{Spelling.DidYouMean(entry.Key, _knownKeys)}");
        }
    }

    private YamlEntry? Optional(string key)
    {
        _knownKeys.Add(key);
        return _entries.TryGetValue(key, out var entry) && !IsNull(entry.Value) ? entry : null;
    }

    private YamlEntry? Required(string key)
    {
        _knownKeys.Add(key);
        if (!_entries.TryGetValue(key, out var entry))
        {
            _problems.Add(At.Key(key, At.Line), "required but missing");
            return null;
        }

        if (IsNull(entry.Value))
        {
            _problems.Add(entry.At, "required but empty");
            return null;
        }

        return entry;
    }

    private string? Text(YamlEntry? entry) => entry is null ? null : TextFrom(entry, _problems);

    private Located<string>? LocatedText(YamlEntry? entry) =>
        entry is not null && TextFrom(entry, _problems) is { } text ? new Located<string>(text, entry.At) : null;

    private int? Int(YamlEntry? entry, int minimum = int.MinValue)
    {
        if (entry is null || TextFrom(entry, _problems) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            _problems.Add(entry.At, $"expected a whole number but found '{text}'");
            return null;
        }

        if (number < minimum)
        {
            _problems.Add(entry.At, $"must be at least {minimum} but is {number}");
            return null;
        }

        return number;
    }

    private List<YamlEntry> List(YamlEntry? entry)
    {
        if (entry is null)
        {
            return [];
        }

        if (entry.Value is not YamlSequenceNode list)
        {
            _problems.Add(entry.At, $"expected a list (such as [a, b], or lines starting with '- ') but found {Describe(entry.Value)}");
            return [];
        }

        return list.Children
            .Select((element, index) => new YamlEntry($"[{index}]", element, entry.At.Index(index, YamlLines.Of(element))))
            .ToList();
    }

    private List<Located<string>> TextList(IEnumerable<YamlEntry> elements) => elements
        .Select(element => TextFrom(element, _problems) is { } text ? new Located<string>(text, element.At) : null)
        .OfType<Located<string>>()
        .ToList();

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode { Value: { Length: > MaxQuotedLength } text } => $"'{text[..MaxQuotedLength]}…'",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };
}
