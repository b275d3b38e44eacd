using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExVenture.Domain.World;

internal static class YamlLines
{
    public static int Of(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    public static int Of(YamlNode node) => Of(node.Start);
}

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
        var text = ReadText(root, file, problems);
        if (text is null)
        {
            return null;
        }

        var stream = Parse(file, text, problems);
        if (stream is null)
        {
            return null;
        }

        return TopLevelMapping(file, stream, problems);
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
