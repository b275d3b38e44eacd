using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Domain.Tests.World;

/// <summary>Finds and loads the world shipped in the repository's world/ directory.</summary>
public static class SampleWorld
{
    private static readonly Lazy<GameWorld> Loaded = new(() => WorldLoader.LoadFromDirectory(Directory));

    /// <summary>The repository's world/ directory.</summary>
    public static string Directory => RepositoryPaths.World;

    public static GameWorld World => Loaded.Value;
}
