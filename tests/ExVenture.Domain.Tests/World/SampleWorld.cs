using System.Runtime.CompilerServices;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.World;

/// <summary>Finds and loads the world shipped in the repository's world/ directory.</summary>
public static class SampleWorld
{
    private const string SolutionFile = "ExVenture.Akka.sln";

    private static readonly Lazy<GameWorld> Loaded = new(() => WorldLoader.LoadFromDirectory(Directory));

    /// <summary>The repository's world/ directory.</summary>
    public static string Directory => Path.Combine(RepositoryRoot(), "world");

    public static GameWorld World => Loaded.Value;

    /// <summary>
    /// The directory holding the solution file, found by walking up from the test binaries; when they are built
    /// outside the repository (dotnet test --artifacts-path elsewhere), from this source file instead.
    /// </summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
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
