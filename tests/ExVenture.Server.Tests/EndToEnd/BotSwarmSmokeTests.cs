using ExVenture.Bots;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>The load tool works end to end against the real server: a few dozen bots for a few seconds. It asserts
/// that the swarm ran, never how fast: figures belong in docs/benchmarks.md, measured on purpose.</summary>
public sealed class BotSwarmSmokeTests
{
    [Fact]
    public async Task A_small_swarm_signs_up_plays_and_gets_every_command_answered()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["COMMANDS_PER_SECOND"] = "0";
        var server = await environment.StartAsync();
        var options = BotOptions.Parse(["--url", server.BaseUri.ToString(), "--bots", "24", "--seconds", "4", "--commands", "look,north,get candle,drop candle,south,say hi,who"]);

        var result = await Swarm.RunAsync(options, TextWriter.Null);

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(result.Stats.Count >= options.Bots, result.ToString());
        Assert.Equal(0, result.Stats.Disconnects);
    }

    [Fact]
    public void The_swarm_refuses_to_load_a_machine_that_is_not_this_one_unless_told()
    {
        var refused = Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--url", "http://example.test:4000"]));
        Assert.Contains("--allow-remote", refused.Message);
        Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--bots", "0"]));
    }
}
