namespace ExVenture.Pbm.Tests;

public sealed class PbmArgumentsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static PbmArguments Parse(params string[] args) => PbmArguments.Parse(args, NoEnvironment);

    private static int UsageError(Func<string, string?> environment, params string[] args) =>
        Assert.Throws<PbmException>(() => PbmArguments.Parse(args, environment)).ExitCode;

    [Theory]
    [InlineData("127.0.0.1:9110", "127.0.0.1", 9110, "127.0.0.1:9110")]
    [InlineData("node-1.internal:9200", "node-1.internal", 9200, "node-1.internal:9200")]
    [InlineData("localhost", "localhost", 9110, "localhost:9110")]
    [InlineData("[::1]:9111", "::1", 9111, "[::1]:9111")]
    [InlineData("[::1]", "::1", 9110, "[::1]:9110")]
    [InlineData("::1", "::1", 9110, "[::1]:9110")]
    [InlineData("fdaa:0:1::3", "fdaa:0:1::3", 9110, "[fdaa:0:1::3]:9110")]
    public void Host_forms(string text, string host, int port, string shown)
    {
        var endpoint = PbmEndpoint.Parse(text);

        Assert.Equal(new PbmEndpoint(host, port), endpoint);
        Assert.Equal(shown, endpoint.ToString());
        Assert.Equal(port, endpoint.BaseAddress.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":9110")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:http")]
    [InlineData("[::1")]
    [InlineData("[::1]9110")]
    [InlineData("[nothost]:9110")]
    [InlineData("bad host:9110")]
    public void Bad_hosts_are_usage_errors(string text) =>
        Assert.Equal(PbmExitCodes.Usage, Assert.Throws<PbmException>(() => PbmEndpoint.Parse(text)).ExitCode);

    [Fact]
    public void A_host_alone_is_the_prompt_and_words_after_it_are_the_command()
    {
        var prompt = Parse("--token", "t", "127.0.0.1:9110");
        Assert.True(prompt.Interactive);

        var oneShot = Parse("--token", "t", "127.0.0.1:9110", "cluster", "down", "-a", "akka.tcp://x@h:1", "--json");
        Assert.False(oneShot.Interactive);
        Assert.Equal(["cluster", "down", "-a", "akka.tcp://x@h:1", "--json"], oneShot.Words);
        Assert.False(oneShot.Json);
    }

    [Fact]
    public void Options_json_timeout_and_inline_values()
    {
        var parsed = Parse("--json", "--timeout=2.5", "--token=abc", "h:1", "cluster", "show");

        Assert.True(parsed.Json);
        Assert.Equal(TimeSpan.FromSeconds(2.5), parsed.Timeout);
        Assert.Equal("abc", parsed.Token);
        Assert.Equal(PbmArguments.DefaultTimeout, Parse("--token", "t", "h").Timeout);
    }

    [Fact]
    public void Token_precedence_is_option_then_PBM_TOKEN_then_SECRET_KEY_BASE()
    {
        var everything = Environment(("PBM_TOKEN", "from-env"), ("SECRET_KEY_BASE", "secret"));
        var secretOnly = Environment(("SECRET_KEY_BASE", "secret"));

        Assert.Equal(("from-option", "--token"), (PbmArguments.Parse(["--token", "from-option", "h"], everything) is var a ? (a.Token, a.TokenSource) : default));
        Assert.Equal("from-env", PbmArguments.Parse(["h"], everything).Token);
        Assert.Equal(OperatorToken.Derive("secret"), PbmArguments.Parse(["h"], secretOnly).Token);
        Assert.Equal("SECRET_KEY_BASE", PbmArguments.Parse(["h"], secretOnly).TokenSource);
        Assert.Equal("from-env", PbmArguments.Parse(["h"], Environment(("PBM_TOKEN", "from-env"), ("SECRET_KEY_BASE", ""))).Token);
    }

    [Fact]
    public void No_token_anywhere_is_a_clear_usage_error()
    {
        var error = Assert.Throws<PbmException>(() => Parse("127.0.0.1:9110", "cluster", "show"));

        Assert.Equal(PbmExitCodes.Usage, error.ExitCode);
        Assert.Contains("--token", error.Message, StringComparison.Ordinal);
        Assert.Contains("PBM_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("SECRET_KEY_BASE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus", "h")]
    [InlineData("--token")]
    [InlineData("--token", "")]
    [InlineData("--timeout", "soon", "h")]
    [InlineData("--timeout", "0", "h")]
    [InlineData("--timeout", "-3", "h")]
    [InlineData("--json")]
    [InlineData("h", "cluster")]
    public void Usage_errors(params string[] args) =>
        Assert.Equal(PbmExitCodes.Usage, UsageError(Environment(("PBM_TOKEN", "t")), args));

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--json", "-h", "nonsense")]
    public void Help_needs_no_host_and_no_token(params string[] args) => Assert.True(Parse(args).Help);

    [Fact]
    public void Help_words_after_the_host_are_allowed_alone() =>
        Assert.Equal(["help"], Parse("--token", "t", "h", "help").Words);

    private static Func<string, string?> Environment(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
