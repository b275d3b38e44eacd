namespace ExVenture.Domain.World;

/// <summary>
/// The world files could not be loaded. <see cref="Errors"/> holds every problem found, each as
/// <c>&lt;file relative to the world directory&gt;:&lt;line&gt;: &lt;key path&gt;: &lt;what is wrong&gt;</c>,
/// for example <c>zones/harbor.yml:42: rooms.quay.exits.north: no room 'harbor.nowhere'</c>.
/// </summary>
/// <remarks>
/// Problems that concern a whole file (missing, empty, unreadable) use the key path <c>(file)</c>; a missing file or
/// directory has no line to point at and uses line 0.
/// </remarks>
public sealed class WorldLoadException : Exception
{
    public WorldLoadException(string directory, IReadOnlyList<string> errors)
        : base(Describe(directory, errors))
    {
        Directory = directory;
        Errors = errors;
    }

    /// <summary>The world directory as it was given to the loader.</summary>
    public string Directory { get; }

    /// <summary>Every problem found, sorted by file then line.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(string directory, IReadOnlyList<string> errors)
    {
        var header = $"The world in {directory} has {errors.Count} {(errors.Count == 1 ? "problem" : "problems")}:";
        return string.Join(Environment.NewLine, [header, .. errors]);
    }
}
