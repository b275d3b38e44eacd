namespace ExVenture.Pbm.Tests;

/// <summary>The public client against the in-test node: what the cluster tests build on.</summary>
public sealed class PbmClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private FakeNode _node = null!;

    public async Task InitializeAsync() => _node = await FakeNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private PbmClient Client(string token = FakeNode.Token, TimeSpan? timeout = null) =>
        new(PbmEndpoint.Parse(_node.Endpoint), token, timeout);

    [Fact]
    public async Task Palettes_come_back_as_served()
    {
        using var client = Client();

        var palettes = await client.PalettesAsync();

        Assert.Equal(["cluster", "game"], palettes.Select(p => p.Name));
        var tail = palettes[0].Commands.Single(c => c.Name == "tail");
        Assert.True(tail.Streams);
        Assert.Equal("n", tail.Switches.Single().Name);
    }

    [Fact]
    public async Task Run_returns_the_response_for_200_and_422()
    {
        using var client = Client();

        var show = await client.RunAsync(new CommandRequest("cluster", "show", []));
        Assert.True(show.Ok);
        Assert.Contains("akka.tcp://exventure@a:4053 Up", show.Text, StringComparison.Ordinal);
        Assert.Equal(2, show.Data!.Value.GetProperty("members").GetInt32());

        var down = await client.RunAsync(new CommandRequest("cluster", "down", ["-a", "akka.tcp://exventure@z:1"]));
        Assert.False(down.Ok);
        Assert.Equal("no member at akka.tcp://exventure@z:1", down.Error);
    }

    [Theory]
    [InlineData("cluster", "down", 400, PbmExitCodes.CommandFailed, "-a <address> is required")]
    [InlineData("cluster", "nope", 404, PbmExitCodes.CommandFailed, "no command 'cluster nope'")]
    [InlineData("nope", "nope", 404, PbmExitCodes.CommandFailed, "no command 'nope nope'")]
    public async Task Run_throws_for_bad_requests(string palette, string command, int status, int exitCode, string message)
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<PbmException>(() => client.RunAsync(new CommandRequest(palette, command, [])));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(exitCode, error.ExitCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(error.Response!.Ok);
    }

    [Fact]
    public async Task A_wrong_token_is_exit_code_4()
    {
        using var client = Client("wrong");

        var palettes = await Assert.ThrowsAsync<PbmException>(() => client.PalettesAsync());
        var run = await Assert.ThrowsAsync<PbmException>(() => client.RunAsync(new CommandRequest("cluster", "show", [])));

        Assert.All([palettes, run], e => Assert.Equal((PbmExitCodes.Unauthorized, 401), (e.ExitCode, e.StatusCode)));
        Assert.Contains("refused the token", run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_yields_each_line_until_the_node_ends_it()
    {
        using var client = Client();

        var lines = await client.StreamAsync(new CommandRequest("cluster", "tail", ["-n", "4"])).ToListAsync();

        Assert.Equal(["event 1", "event 2", "event 3", "event 4"], lines.Select(l => l.Text));
        Assert.Equal(4, lines[3].Data!.Value.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Cancelling_a_stream_hangs_up()
    {
        using var client = Client();
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in client.StreamAsync(new CommandRequest("cluster", "tail", []), stop.Token))
            {
                seen.Add(line.Text);
                if (seen.Count == 3)
                {
                    await stop.CancelAsync();
                }
            }
        });

        Assert.Equal(["event 1", "event 2", "event 3"], seen);
        await _node.TailHungUp.WaitAsync(Patience);
    }

    [Fact]
    public async Task Stream_of_a_one_shot_command_is_its_text_and_run_of_a_stream_is_refused()
    {
        using var client = Client();

        var single = await client.StreamAsync(new CommandRequest("game", "wall", ["hello"])).ToListAsync();
        Assert.Equal(["hello"], single.Select(l => l.Text));

        var failed = await Assert.ThrowsAsync<PbmException>(async () => await client.StreamAsync(new CommandRequest("cluster", "down", ["-a", "x"])).ToListAsync());
        Assert.Equal(PbmExitCodes.CommandFailed, failed.ExitCode);

        var refused = await Assert.ThrowsAsync<PbmException>(() => client.RunAsync(new CommandRequest("cluster", "tail", ["-n", "1"])));
        Assert.Contains("StreamAsync", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_in_time_is_exit_code_3()
    {
        using var client = Client(timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<PbmException>(() => client.RunAsync(new CommandRequest("game", "slow", [])));

        Assert.Equal(PbmExitCodes.Unreachable, error.ExitCode);
        Assert.Contains("did not answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_exit_code_3_with_the_hint()
    {
        var port = FreePort();
        using var client = new PbmClient(new Uri($"http://127.0.0.1:{port}/"), "t");

        var error = await Assert.ThrowsAsync<PbmException>(() => client.PalettesAsync());

        Assert.Equal(PbmExitCodes.Unreachable, error.ExitCode);
        Assert.Equal($"cannot reach 127.0.0.1:{port} (connection refused). Is the node running with OPERATOR_PORT={port} and OPERATOR_BIND reachable from here?", error.Message);
    }

    /// <summary>A port nothing listens on: bound by the OS, then released.</summary>
    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
