using System.Text.Json;

namespace ExVenture.Pbm.Tests;

/// <summary>pbm end to end in this process (its writers captured) against the in-test node.</summary>
public sealed class PbmAppTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly CapturingWriter _stdout = new();
    private readonly CapturingWriter _stderr = new();
    private readonly Interrupts _interrupts = new();
    private FakeNode _node = null!;

    public async Task InitializeAsync() => _node = await FakeNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private Task<int> Run(string? stdin, params string[] args)
    {
        var app = new PbmApp(_stdout, _stderr, key => key == "PBM_TOKEN" ? FakeNode.Token : null, _interrupts);
        return app.RunAsync(args, _ => new TextLineSource(new StringReader(stdin ?? "")));
    }

    private Task<int> Pbm(params string[] args) => Run(null, [.. args.Select(a => a == "NODE" ? _node.Endpoint : a)]);

    [Fact]
    public async Task One_shot_prints_the_text()
    {
        Assert.Equal(0, await Pbm("NODE", "cluster", "show"));
        Assert.Equal("akka.tcp://exventure@a:4053 Up\nakka.tcp://exventure@b:4053 Up\n", _stdout.Text.ReplaceLineEndings("\n"));
        Assert.Equal("", _stderr.Text);
    }

    [Fact]
    public async Task Json_prints_the_whole_response()
    {
        Assert.Equal(0, await Pbm("--json", "NODE", "cluster", "show"));

        var response = JsonSerializer.Deserialize<CommandResponse>(_stdout.Text, OperatorProtocol.Json)!;
        Assert.True(response.Ok);
        Assert.Equal(2, response.Data!.Value.GetProperty("members").GetInt32());
    }

    [Fact]
    public async Task Failures_are_one_line_on_stderr_with_their_exit_code()
    {
        Assert.Equal(PbmExitCodes.CommandFailed, await Pbm("NODE", "cluster", "down", "-a", "akka.tcp://exventure@z:1"));
        Assert.Equal(PbmExitCodes.CommandFailed, await Pbm("NODE", "cluster", "down"));
        Assert.Equal(PbmExitCodes.CommandFailed, await Pbm("NODE", "cluster", "explode"));
        Assert.Equal(PbmExitCodes.Unauthorized, await Pbm("--token", "wrong", "NODE", "cluster", "show"));
        Assert.Equal(PbmExitCodes.Usage, await Pbm("NODE", "cluster"));

        var lines = _stderr.Text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("pbm: ", l, StringComparison.Ordinal));
        Assert.Equal("pbm: no member at akka.tcp://exventure@z:1", lines[0]);
        Assert.Equal("", _stdout.Text);
    }

    [Fact]
    public async Task Json_failures_still_print_the_body()
    {
        Assert.Equal(PbmExitCodes.CommandFailed, await Pbm("--json", "NODE", "cluster", "down", "-a", "x"));

        Assert.Equal("no member at x", JsonSerializer.Deserialize<CommandResponse>(_stdout.Text, OperatorProtocol.Json)!.Error);
    }

    [Fact]
    public async Task A_stream_prints_each_line_until_the_node_ends_it()
    {
        Assert.Equal(0, await Pbm("NODE", "cluster", "tail", "-n", "3"));
        Assert.Equal("event 1\nevent 2\nevent 3\n", _stdout.Text.ReplaceLineEndings("\n"));

    }

    [Fact]
    public async Task Json_streams_are_ndjson()
    {
        Assert.Equal(0, await Pbm("--json", "NODE", "cluster", "tail", "-n", "2"));

        var lines = _stdout.Text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
            .Select(l => JsonSerializer.Deserialize<StreamLine>(l, OperatorProtocol.Json)!).ToList();
        Assert.Equal([1, 2], lines.Select(l => l.Data!.Value.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Ctrl_C_stops_a_stream_with_exit_code_0()
    {
        var run = Pbm("NODE", "cluster", "tail");
        await _stdout.WaitForLineAsync("event 3").WaitAsync(Patience);

        Assert.True(_interrupts.Interrupt());

        Assert.Equal(0, await run.WaitAsync(Patience));
        await _node.TailHungUp.WaitAsync(Patience);
    }

    [Fact]
    public async Task Ctrl_C_abandons_a_one_shot_command_with_130()
    {
        var run = Pbm("NODE", "game", "slow");
        // Interrupt until the command has begun (Interrupt answers false while nothing runs).
        while (!_interrupts.Interrupt())
        {
            await Task.Yield();
        }

        Assert.Equal(PbmExitCodes.Interrupted, await run.WaitAsync(Patience));
    }

    [Fact]
    public async Task Help_lists_palettes_and_a_palettes_commands()
    {
        Assert.Equal(0, await Pbm("NODE", "help"));
        Assert.Equal(0, await Pbm("NODE", "help", "cluster"));
        Assert.Equal(PbmExitCodes.CommandFailed, await Pbm("NODE", "help", "nope"));

        var text = _stdout.Text;
        Assert.Contains("cluster  Cluster membership", text, StringComparison.Ordinal);
        Assert.Contains("cluster down -a <address>", text, StringComparison.Ordinal);
        Assert.Contains("-a <value>  The member's address (required)", text, StringComparison.Ordinal);
        Assert.Contains("(streams; Ctrl-C stops)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_text_documents_the_exit_codes()
    {
        Assert.Equal(0, await Run(null, "--help"));

        Assert.Contains("Usage:", _stdout.Text, StringComparison.Ordinal);
        foreach (var code in new[] { "0", "1", "2", "3", "4", "5", "130" })
        {
            Assert.Contains($"\n  {code} ", _stdout.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_prompt_runs_lines_from_a_script_and_continues_after_errors()
    {
        const string script = """
            help
            cluster show
            game wall "The bell tolls" 'twice over'
            cluster down -a nobody
            game wall "unterminated
            cluster tail -n 2
            cluster
            exit
            cluster show
            """;

        var code = await Run(script, _node.Endpoint);

        var output = _stdout.Text.ReplaceLineEndings("\n");
        Assert.Contains("Palettes (help <palette>", output, StringComparison.Ordinal);
        Assert.Contains("The bell tolls\ntwice over\n", output, StringComparison.Ordinal);
        Assert.Contains("event 1\nevent 2\n", output, StringComparison.Ordinal);
        Assert.Contains("cluster: Cluster membership", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l == "akka.tcp://exventure@a:4053 Up");
        Assert.DoesNotContain("pbm>", output, StringComparison.Ordinal);
        Assert.Equal(["pbm: no member at nobody", "pbm: unterminated \" quote"], _stderr.Text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Equal(PbmExitCodes.Usage, code);
    }

    [Fact]
    public async Task The_prompt_exits_0_at_the_end_of_input_when_all_went_well()
    {
        Assert.Equal(0, await Run("cluster show\n", _node.Endpoint));
        Assert.Equal(PbmExitCodes.Unauthorized, await Run("cluster show\n", "--token", "wrong", _node.Endpoint));
    }
}
