using ExVenture.Actors.Operator;
using ExVenture.Operations;

namespace ExVenture.Actors.Tests.Operator;

public sealed class OperatorPalettesTests
{
    [Fact]
    public void The_palettes_are_the_ones_pbm_users_know_plus_the_game()
    {
        Assert.Equal(["cluster", "cluster-sharding", "actor", "game", "log"], OperatorPalettes.All.Select(p => p.Name));
        Assert.Equal(
            ["show", "status", "leader", "leave", "join", "down", "down-unreachable", "tail"],
            Commands("cluster"));
        Assert.Equal(["regions", "region-stats", "shard-stats"], Commands("cluster-sharding"));
        Assert.Equal(["system", "hierarchy"], Commands("actor"));
        Assert.Equal(["who", "kick", "where", "wall", "world"], Commands("game"));
        Assert.Equal(["peek"], Commands("log"));
    }

    [Fact]
    public void Every_command_has_a_description_and_a_usage_starting_with_its_palette_and_name()
    {
        foreach (var palette in OperatorPalettes.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(palette.Description));
            foreach (var command in palette.Commands)
            {
                Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{palette.Name} {command.Name}");
                Assert.StartsWith($"{palette.Name} {command.Name}", command.Usage, StringComparison.Ordinal);
                Assert.All(command.Switches, s => Assert.Contains($"-{s.Name} <", command.Usage, StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [InlineData("cluster", "down", "cluster down -a <address>")]
    [InlineData("cluster-sharding", "region-stats", "cluster-sharding region-stats -r <type>")]
    [InlineData("actor", "hierarchy", "actor hierarchy [-d <depth>]")]
    [InlineData("game", "kick", "game kick <character>")]
    [InlineData("game", "wall", "game wall <text…>")]
    [InlineData("game", "world", "game world check")]
    [InlineData("log", "peek", "log peek [-n <lines>]")]
    public void Usage_lines_read_like_the_commands(string palette, string command, string usage)
    {
        Assert.Equal(usage, OperatorPalettes.Find(palette, command)!.Usage);
    }

    [Fact]
    public void Only_tail_streams()
    {
        var streaming = OperatorPalettes.Commands.Where(c => c.Info.Streams).Select(c => $"{c.Palette} {c.Name}");
        Assert.Equal(["cluster tail"], streaming);
    }

    [Fact]
    public void Lookup_ignores_case_and_knows_nothing_else()
    {
        Assert.NotNull(OperatorPalettes.Find("Cluster", "SHOW"));
        Assert.Null(OperatorPalettes.Find("cluster", "explode"));
        Assert.Null(OperatorPalettes.Find("remote", "show"));
        Assert.Null(OperatorPalettes.Find(null, null));
    }

    [Fact]
    public void The_definitions_survive_the_wire()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(OperatorPalettes.All, OperatorProtocol.Json);
        var back = System.Text.Json.JsonSerializer.Deserialize<IReadOnlyList<PaletteInfo>>(json, OperatorProtocol.Json)!;

        Assert.Equal(OperatorPalettes.All.Count, back.Count);
        var down = back.Single(p => p.Name == "cluster").Commands.Single(c => c.Name == "down");
        Assert.Equal("cluster down -a <address>", down.Usage);
        Assert.True(Assert.Single(down.Switches) is { Name: "a", Required: true, TakesValue: true });
    }

    private static IEnumerable<string> Commands(string palette) =>
        OperatorPalettes.All.Single(p => p.Name == palette).Commands.Select(c => c.Name);
}
