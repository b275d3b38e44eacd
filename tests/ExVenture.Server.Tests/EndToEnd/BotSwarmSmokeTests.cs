using System.Globalization;
using ExVenture.Bots;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>The load tool works end to end against the real server: a few dozen bots for a few seconds. It asserts
/// that the swarm ran, never how fast: figures belong in docs/benchmarks.md, measured on purpose.</summary>
public sealed class BotSwarmSmokeTests
{
    [Fact]
    public async Task A_small_swarm_of_every_profile_signs_up_plays_and_gets_every_command_answered()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["COMMANDS_PER_SECOND"] = "0";
        var server = await environment.StartAsync();
        var options = BotOptions.Parse([
            "--url", server.BaseUri.ToString(), "--bots", "24", "--seconds", "4", "--wander", "2", "--quiet",
            "--profiles", "mixed=4,looker=1,walker=1,talker=1,trader=2,crowd=1,idler=1", "--pid", server.ProcessId.ToString(CultureInfo.InvariantCulture)]);

        var report = await Swarm.RunAsync(options, TextWriter.Null);

        Assert.True(report.Succeeded, report.ToString());
        var steady = Assert.Single(report.Phases);
        Assert.Equal(24, steady.Bots);
        Assert.Equal(24, report.Connect.Sockets);
        Assert.True(steady.Latency.Count >= 20, report.ToString());
        Assert.Equal(0, steady.Disconnects);
        Assert.Contains(steady.Processes, p => p.Process.StartsWith("server:", StringComparison.Ordinal) && p.PeakMegabytes > 0);
        Assert.Contains("\"largestHeld\"", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paced_bots_send_at_their_rate_and_a_sign_in_storm_is_measured_beside_them()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        var server = await environment.StartAsync();
        var options = BotOptions.Parse(["--url", server.BaseUri.ToString(), "--bots", "20", "--rate", "2", "--seconds", "3", "--signin-storm", "5", "--quiet"]);

        var report = await Swarm.RunAsync(options, TextWriter.Null);

        Assert.True(report.Succeeded, report.ToString());
        Assert.Equal(["steady", "sign-in storm"], report.Phases.Select(p => p.Name));
        Assert.All(report.Phases, p => Assert.Equal(40, p.OfferedPerSecond));
        Assert.All(report.Phases, p => Assert.InRange(p.SentPerSecond, 20, 60));
        Assert.NotNull(report.Storm);
        Assert.True(report.Storm.Latency.Count > 0, report.ToString());
        Assert.Equal(0, report.Storm.Failures);
    }

    [Fact]
    public void The_swarm_refuses_to_load_a_machine_that_is_not_this_one_unless_told()
    {
        var refused = Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--url", "http://example.test:4000"]));
        Assert.Contains("--allow-remote", refused.Message);
        Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--bots", "0"]));
        Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--profiles", "sleeper=1"]));
        Assert.Throws<ArgumentException>(() => BotOptions.Parse(["--mix", "look=1", "--commands", "look"]));
    }

    [Fact]
    public void Profiles_are_dealt_in_proportion_to_their_weights()
    {
        var options = BotOptions.Parse(["--profiles", "walker=3,talker=1"]);

        var dealt = Enumerable.Range(0, 1000).Select(options.ProfileFor).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(750, dealt["walker"]);
        Assert.Equal(250, dealt["talker"]);
    }
}
