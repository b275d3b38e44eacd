namespace ExVenture.Pbm.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("cluster show", new[] { "cluster", "show" })]
    [InlineData("  cluster   show  ", new[] { "cluster", "show" })]
    [InlineData("game wall \"The bell tolls\"", new[] { "game", "wall", "The bell tolls" })]
    [InlineData("game wall 'The bell tolls'", new[] { "game", "wall", "The bell tolls" })]
    [InlineData("game wall \"say \\\"hi\\\"\"", new[] { "game", "wall", "say \"hi\"" })]
    [InlineData("game wall 'a \\ b'", new[] { "game", "wall", "a \\ b" })]
    [InlineData("game wall It\\'s", new[] { "game", "wall", "It's" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]
    [InlineData("x \"\" y", new[] { "x", "", "y" })]
    [InlineData("cluster down -a akka.tcp://exventure@10.0.0.1:4053", new[] { "cluster", "down", "-a", "akka.tcp://exventure@10.0.0.1:4053" })]
    [InlineData("", new string[0])]
    [InlineData("\t", new string[0])]
    public void Splits_like_a_shell(string line, string[] words) => Assert.Equal(words, CommandLine.Split(line));

    [Theory]
    [InlineData("game wall \"unfinished")]
    [InlineData("game wall 'unfinished")]
    public void Unterminated_quotes_are_usage_errors(string line) =>
        Assert.Equal(PbmExitCodes.Usage, Assert.Throws<PbmException>(() => CommandLine.Split(line)).ExitCode);

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("say \"hi\"")]
    [InlineData("back\\slash")]
    [InlineData("")]
    public void Quote_round_trips(string word) => Assert.Equal([word], CommandLine.Split(CommandLine.Quote(word)));
}
