namespace ExVenture.Pbm.Tests;

public sealed class CompletionTests
{
    private readonly Completion _completion = new(FakeNode.PaletteList);

    [Theory]
    [InlineData("cl", "cluster ")]
    [InlineData("g", "game ")]
    [InlineData("h", "help ")]
    [InlineData("cluster s", "cluster show ")]
    [InlineData("cluster d", "cluster down ")]
    [InlineData("CLUSTER T", "CLUSTER tail ")]
    [InlineData("cluster down -", "cluster down -a ")]
    [InlineData("cluster down ", "cluster down -a ")]
    [InlineData("game who -a", "game who -all ")]
    [InlineData("help c", "help cluster ")]
    [InlineData("help cluster t", "help cluster tail ")]
    [InlineData("game wall \"The bell\" ", "game wall \"The bell\" ")]
    public void Completes_the_word_at_the_end(string line, string expected)
    {
        var result = _completion.Complete(line, line.Length);

        Assert.Equal(expected, result.Line);
        Assert.Equal(expected.Length, result.Cursor);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void Ambiguous_words_list_the_candidates()
    {
        var palettes = _completion.Complete("", 0);
        Assert.Equal(["cluster", "exit", "game", "help", "quit"], palettes.Candidates);

        var commands = _completion.Complete("cluster ", 8);
        Assert.Equal(["down", "show", "tail"], commands.Candidates);
        Assert.Equal("cluster ", commands.Line);
    }

    [Fact]
    public void A_common_prefix_is_completed_before_listing()
    {
        var completion = new Completion([new PaletteInfo("shard", "", []), new PaletteInfo("sharding", "", [])]);

        var first = completion.Complete("sh", 2);
        Assert.Equal("shard", first.Line);
        Assert.Empty(first.Candidates);

        Assert.Equal(["shard", "sharding"], completion.Complete("shard", 5).Candidates);
    }

    [Theory]
    [InlineData("nothing")]
    [InlineData("cluster zzz")]
    [InlineData("cluster down -a ")]
    [InlineData("cluster down -a -")]
    [InlineData("unknown command -")]
    [InlineData("game wall \"open quote")]
    public void Nothing_to_complete_leaves_the_line(string line)
    {
        var result = _completion.Complete(line, line.Length);

        Assert.Equal(line, result.Line);
        Assert.Empty(result.Candidates);
    }

    [Fact]
    public void Completes_in_the_middle_of_a_line_and_keeps_the_rest()
    {
        var result = _completion.Complete("clu show", 3);

        Assert.Equal("cluster show", result.Line);
        Assert.Equal("cluster".Length, result.Cursor);
    }

    [Fact]
    public void Switches_already_given_are_not_offered_again() =>
        Assert.Empty(_completion.CandidatesFor(["cluster", "down", "-a", "x"]));
}
