using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.World;

/// <summary>What a valid world directory turns into.</summary>
public sealed class WorldLoaderTests : IDisposable
{
    private readonly TempWorld _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Loads_the_world_settings_and_zones()
    {
        var world = _files.Load();

        Assert.Equal("Test Harbor", world.Name);
        Assert.Equal("harbor.quay", world.StartRoomId);
        var harbor = world.Zone("harbor");
        Assert.Equal(("The Harbor", "Boats.", "iad"), (harbor.Name, harbor.Description, harbor.HomeRegion));
        Assert.Equal(["harbor.quay", "harbor.market"], harbor.RoomIds);
        Assert.Null(world.Zone("hills").HomeRegion);
    }

    [Fact]
    public void Loads_rooms_with_full_ids_coordinates_exits_and_items()
    {
        var quay = _files.Load().Room("harbor.quay");

        Assert.Equal(("harbor", "The Quay", "Wet stones. Gulls."), (quay.ZoneId, quay.Name, quay.Description));
        Assert.Equal((0, 0, 0), (quay.X, quay.Y, quay.Z));
        Assert.Equal([new Exit(Direction.North, "harbor.market"), new Exit(Direction.East, "hills.path")], quay.Exits);
        Assert.Equal([new ItemPlacement("lantern", 2)], quay.Items);
    }

    [Fact]
    public void An_item_count_defaults_to_one()
    {
        var path = _files.Load().Room("hills.path");

        Assert.Equal([new ItemPlacement("rope", 1)], path.Items);
    }

    [Fact]
    public void Loads_item_kinds()
    {
        var lantern = _files.Load().Item("lantern");

        Assert.Equal(("lantern", "brass lantern", "A lantern."), (lantern.Id, lantern.Name, lantern.Description));
        Assert.Equal(["lantern", "brass"], lantern.Keywords);
    }

    [Fact]
    public void Loads_help_topics_keeping_line_breaks_in_the_body()
    {
        var world = _files.Load();
        var look = world.FindHelp("L");

        Assert.NotNull(look);
        Assert.Equal(("look", "Looking around"), (look.Id, look.Title));
        Assert.Equal("Look around.\nThen look again.", look.Body);
        Assert.Equal(["look", "l"], look.Keywords);
        Assert.Equal(["movement"], look.SeeAlso);
        Assert.Equal("movement", world.FindHelp("n")?.Id);
    }

    [Fact]
    public void Optional_keys_may_be_left_empty()
    {
        _files.With("zones/hills.yml", """
            id: hills
            name: The Hills
            description: Green.
            home_region:
            rooms:
              path:
                name: A Path
                description: Steep.
                x: 5
                y: 5
                z: 0
                exits:
                items:
            """);

        var world = _files.Load();

        Assert.Null(world.Zone("hills").HomeRegion);
        Assert.Empty(world.Room("hills.path").Exits);
        Assert.Empty(world.Room("hills.path").Items);
    }
}
