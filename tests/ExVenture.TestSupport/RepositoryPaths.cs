using System.Runtime.CompilerServices;

namespace ExVenture.TestSupport;

/// <summary>Paths inside the repository, found by walking up to the solution file (from the test binaries, or
/// from this source file when the binaries were built elsewhere with --artifacts-path).</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "ExVenture.Akka.sln";

    public static string Root { get; } = Find();

    public static string World => Path.Combine(Root, "world");

    public static string Hocon => Path.Combine(Root, "hocon");

    public static string Source(string project) => Path.Combine(Root, "src", project);

    private static string Find([CallerFilePath] string sourceFile = "") =>
        FindUpwards(AppContext.BaseDirectory)
        ?? FindUpwards(Path.GetDirectoryName(sourceFile))
        ?? throw new DirectoryNotFoundException($"No {SolutionFile} above {AppContext.BaseDirectory} or {sourceFile}.");

    private static string? FindUpwards(string? start)
    {
        for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
