using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExVenture.Domain.World;

/// <summary>Reads one world file into a <see cref="YamlMap"/>, reporting anything that stops it from being read.</summary>
internal static class YamlFile
{
    /// <summary>
    /// The file's top-level mapping, or <c>null</c> (with the reason reported) when the file is missing, unreadable,
    /// not valid YAML, empty, or not a mapping.
    /// </summary>
    /// <param name="file">Path relative to <paramref name="root"/>, with '/' separators; also how problems name the file.</param>
    public static YamlMap? ReadMapping(string root, string file, WorldProblems problems)
    {
        return ReadText(root, file, problems) is { } text && Parse(file, text, problems) is { } stream
            ? TopLevelMapping(file, stream, problems)
            : null;
    }

    private static string? ReadText(string root, string file, WorldProblems problems)
    {
        var path = Path.Combine(root, file);
        if (!File.Exists(path))
        {
            problems.Add(SourceLocation.WholeFile(file), "file not found");
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(SourceLocation.WholeFile(file), $"cannot be read: {e.Message}");
            return null;
        }
    }

    private static YamlStream? Parse(string file, string text, WorldProblems problems)
    {
        var filter = new DuplicateKeyFilter(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(filter);
            return stream;
        }
        catch (YamlException e) when (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentedLine(text) is { } line)
        {
            // YamlDotNet may point a tab in the indentation at the start of the enclosing mapping; point at the tab instead.
            problems.Add(new SourceLocation(file, line, ""), "YAML syntax error: indent with spaces, not tabs");
            return null;
        }
        catch (YamlException e)
        {
            problems.Add(new SourceLocation(file, YamlLines.Of(e.Start), filter.KeyPath), $"YAML syntax error: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException for some malformed input, e.g. an unclosed '['.
            problems.Add(
                new SourceLocation(file, filter.Line, filter.KeyPath),
                "YAML syntax error: the file cannot be read past this point (is a bracket or a quote left open?)");
            return null;
        }
        finally
        {
            ReportDuplicates(file, filter.Duplicates, problems);
        }
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, line => line.TrimStart(' ').StartsWith('\t') && line.Trim().Length > 0);
        return index < 0 ? null : index + 1;
    }

    private static void ReportDuplicates(string file, IEnumerable<DuplicateKey> duplicates, WorldProblems problems)
    {
        foreach (var duplicate in duplicates)
        {
            problems.Add(
                new SourceLocation(file, duplicate.Line, duplicate.KeyPath),
                $"'{duplicate.Key}' is defined twice (first at line {duplicate.FirstLine}); this second definition is ignored");
        }
    }

    private static YamlMap? TopLevelMapping(string file, YamlStream stream, WorldProblems problems)
    {
        if (stream.Documents.Count == 0)
        {
            problems.Add(SourceLocation.WholeFile(file, 1), "the file is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            problems.Add(
                SourceLocation.WholeFile(file, YamlLines.Of(second)),
                "a world file holds a single YAML document; remove the '---' line before this one");
        }

        var root = stream.Documents[0].RootNode;
        return YamlMap.From(new YamlEntry("", root, SourceLocation.WholeFile(file, YamlLines.Of(root))), problems);
    }
}
