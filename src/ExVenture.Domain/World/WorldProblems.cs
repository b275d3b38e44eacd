namespace ExVenture.Domain.World;

/// <summary>Collects every problem found while loading a world, so all of them can be reported at once.</summary>
internal sealed class WorldProblems
{
    private readonly List<(SourceLocation At, string Message)> _problems = [];

    public bool HasAny => _problems.Count > 0;

    public void Add(SourceLocation at, string message) => _problems.Add((at, message));

    /// <summary>The problems as "file:line: key.path: message", sorted by file then line (ties keep the order found).</summary>
    public IReadOnlyList<string> ToSortedList() => _problems
        .OrderBy(p => p.At.File, StringComparer.Ordinal)
        .ThenBy(p => p.At.Line)
        .Select(p => $"{p.At}: {p.Message}")
        .ToList();
}
