namespace ExVenture.Domain.World;

/// <summary>Where something was written: a file relative to the world directory, a 1-based line and a key path.</summary>
/// <param name="KeyPath">Dotted keys and [indexes] from the document root ("rooms.quay.items[0].count"); empty for the whole file.</param>
internal readonly record struct SourceLocation(string File, int Line, string KeyPath)
{
    /// <summary>Line number used for files and directories that do not exist.</summary>
    public const int NoLine = 0;

    public static SourceLocation WholeFile(string file, int line = NoLine) => new(file, line, "");

    public SourceLocation Key(string key, int line) => new(File, line, KeyPath.Length == 0 ? key : $"{KeyPath}.{key}");

    public SourceLocation Index(int index, int line) => new(File, line, $"{KeyPath}[{index}]");

    public override string ToString() => $"{File}:{Line}: {(KeyPath.Length == 0 ? "(file)" : KeyPath)}";
}
