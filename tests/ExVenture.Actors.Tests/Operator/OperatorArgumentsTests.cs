using ExVenture.Actors.Operator;

namespace ExVenture.Actors.Tests.Operator;

public sealed class OperatorArgumentsTests
{
    [Fact]
    public void A_required_switch_takes_the_next_token_as_its_value()
    {
        var command = Parse("cluster", "down", "-a", "akka.tcp://exventure@10.0.0.5:4053");

        Assert.Equal("akka.tcp://exventure@10.0.0.5:4053", command.Switch("a"));
        Assert.Empty(command.Words);
    }

    [Fact]
    public void Double_dashes_work_like_single_ones()
    {
        Assert.Equal("character", Parse("cluster-sharding", "region-stats", "--r", "character").Switch("r"));
    }

    [Theory]
    [InlineData(new string[0], "-a is required")]
    [InlineData(new[] { "-a" }, "-a needs a value")]
    [InlineData(new[] { "-a", "-b" }, "-a needs a value")]
    [InlineData(new[] { "-b", "x" }, "unknown switch '-b'")]
    [InlineData(new[] { "-a", "x", "-a", "y" }, "-a is given twice")]
    [InlineData(new[] { "-a", "x", "extra" }, "unexpected 'extra'")]
    public void Arguments_that_do_not_fit_say_why_and_show_the_usage(string[] arguments, string problem)
    {
        var error = Fail("cluster", "join", arguments);

        Assert.StartsWith(problem, error, StringComparison.Ordinal);
        Assert.EndsWith("usage: cluster join -a <address>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_without_switches_refuses_any_argument()
    {
        Assert.StartsWith("unexpected 'now'", Fail("cluster", "show", "now"), StringComparison.Ordinal);
    }

    [Fact]
    public void Kick_takes_exactly_one_character()
    {
        Assert.Equal(["Tamsin"], Parse("game", "kick", "Tamsin").Words);
        Assert.StartsWith("missing <character>", Fail("game", "kick"), StringComparison.Ordinal);
        Assert.StartsWith("too many words", Fail("game", "kick", "Tamsin", "Alys"), StringComparison.Ordinal);
    }

    [Fact]
    public void Wall_takes_every_token_as_text_even_ones_that_look_like_switches()
    {
        Assert.Equal(["-", "the", "bell", "-rings", "--"], Parse("game", "wall", "-", "the", "bell", "-rings", "--").Words);
        Assert.StartsWith("missing <text>", Fail("game", "wall"), StringComparison.Ordinal);
    }

    [Fact]
    public void World_takes_the_word_check()
    {
        Assert.Equal(["check"], Parse("game", "world", "check").Words);
        Assert.StartsWith("expected check, not 'burn'", Fail("game", "world", "burn"), StringComparison.Ordinal);
    }

    [Fact]
    public void Numeric_switches_are_optional_and_checked_against_their_range()
    {
        Assert.Equal(3, Parse("actor", "hierarchy").Number("d", 3));
        Assert.Equal(5, Parse("actor", "hierarchy", "-d", "5").Number("d", 3));
        Assert.Equal(500, Parse("log", "peek", "-n", "500").Number("n", 50));
        Assert.StartsWith("-d must be a whole number from 1 to 10 (got '0')", Fail("actor", "hierarchy", "-d", "0"), StringComparison.Ordinal);
        Assert.StartsWith("-n must be a whole number from 1 to 500 (got 'lots')", Fail("log", "peek", "-n", "lots"), StringComparison.Ordinal);
    }

    [Fact]
    public void Double_dash_ends_the_switches()
    {
        Assert.StartsWith("unexpected '-x'", Fail("log", "peek", "-n", "5", "--", "-x"), StringComparison.Ordinal);
    }

    private static ParsedCommand Parse(string palette, string command, params string[] arguments)
    {
        var parsed = OperatorArguments.Parse(Spec(palette, command), arguments, out var error);
        Assert.True(parsed is not null, error);
        Assert.Null(error);
        return parsed;
    }

    private static string Fail(string palette, string command, params string[] arguments)
    {
        Assert.Null(OperatorArguments.Parse(Spec(palette, command), arguments, out var error));
        return Assert.IsType<string>(error);
    }

    private static CommandSpec Spec(string palette, string command) =>
        OperatorPalettes.Find(palette, command) ?? throw new InvalidOperationException($"No {palette} {command}");
}
