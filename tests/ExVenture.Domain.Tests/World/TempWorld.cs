using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.World;

/// <summary>
/// A small, valid world written to a fresh temporary directory, which a test can then break one file at a time.
/// The directory is deleted on dispose.
/// </summary>
internal sealed class TempWorld : IDisposable
{
    public const string WorldYml = """
        name: Test Harbor
        start_room: harbor.quay
        """;

    public const string ItemsYml = """
        lantern:
          name: brass lantern
          description: A lantern.
          keywords: [lantern, brass]
        rope:
          name: coil of rope
          description: Rope.
          keywords: [rope]
        """;

    public const string HelpYml = """
        look:
          title: Looking around
          keywords: [look, l]
          body: |
            Look around.
            Then look again.
          see_also: [movement]
        movement:
          title: Moving
          keywords: [north, n]
          body: Walk.
        """;

    public const string HarborYml = """
        id: harbor
        name: The Harbor
        description: Boats.
        home_region: iad
        rooms:
          quay:
            name: The Quay
            description: >
              Wet stones.
              Gulls.
            x: 0
            y: 0
            z: 0
            exits:
              north: market
              east: hills.path
            items:
              - item: lantern
                count: 2
          market:
            name: The Market
            description: Stalls.
            x: 0
            y: 1
            z: 0
            exits:
              south: quay
        """;

    public const string HillsYml = """
        id: hills
        name: The Hills
        description: Green.
        rooms:
          path:
            name: A Path
            description: Steep.
            x: 5
            y: 5
            z: 0
            exits:
              west: harbor.quay
            items:
              - item: rope
        """;

    public TempWorld()
    {
        Directory = Path.Combine(Path.GetTempPath(), "exventure-world-tests", Guid.NewGuid().ToString("N"));
        With("world.yml", WorldYml)
            .With("items.yml", ItemsYml)
            .With("help.yml", HelpYml)
            .With("zones/harbor.yml", HarborYml)
            .With("zones/hills.yml", HillsYml);
    }

    public string Directory { get; }

    /// <summary>Writes (or replaces) a file, given by its path relative to the world directory.</summary>
    public TempWorld With(string file, string yaml)
    {
        var path = PathOf(file);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return this;
    }

    /// <summary>Deletes a file or a directory, given by its path relative to the world directory.</summary>
    public TempWorld Without(string file)
    {
        var path = PathOf(file);
        if (System.IO.Directory.Exists(path))
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }

        return this;
    }

    public GameWorld Load() => WorldLoader.LoadFromDirectory(Directory);

    /// <summary>Loads the world, expecting it to fail, and returns the exception.</summary>
    public WorldLoadException LoadFailure() => Assert.Throws<WorldLoadException>(Load);

    /// <summary>The problems reported when loading the world, which must fail.</summary>
    public IReadOnlyList<string> Problems() => LoadFailure().Errors;

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private string PathOf(string file) => Path.Combine(Directory, file.Replace('/', Path.DirectorySeparatorChar));
}
