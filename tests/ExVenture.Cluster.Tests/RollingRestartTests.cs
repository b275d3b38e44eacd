using System.Globalization;
using ExVenture.Cluster.Tests.Support;
using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Scenario 4: a rolling restart (each node in turn: SIGTERM, exit, start again on the same ports, rejoin) while
/// four players keep moving candles and lanterns. The same invariants as a crash must hold at the end.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_rolling_restart_under_steady_play_loses_no_answered_change_and_duplicates_no_item()
    {
        await using var cluster = await LocalCluster.CreateAsync("rolling", output.Lines());
        await cluster.WithNodeLogsAsync(async () =>
        {
            await cluster.StartAsync(3);
            await using var cast = await Cast.AssembleAsync(cluster, 1, 2, 3, 1);
            await using var play = Playthrough.Start(cluster, cast.Players);
            await play.WaitUntilEachAnsweredAsync(6, "warm-up");

            var timings = new List<string>();
            foreach (var index in new[] { 1, 2, 3 })
            {
                var stoppedAt = DateTime.UtcNow;
                var exit = await cluster.StopNodeAsync(index);
                Assert.True(exit.ExitCode == 0, $"node{index} exited with {exit.ExitCode}\n{cluster.Logs()}");
                var left = await cluster.WaitForMembersAsync(2);
                var up = await cluster.StartNodeAsync(index);
                var rejoined = await cluster.WaitForMembersAsync(3);
                await play.WaitUntilEachAnsweredAsync(4, $"play after node{index} restarted");
                cluster.Log($"after node{index}'s SIGTERM, served again for good after {cast.ServedAgainAfter(stoppedAt)}");
                timings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"node{index}: SIGTERM to exit {LocalCluster.Seconds(exit.Took)}, then 2 members after {LocalCluster.Seconds(left)}, "
                    + $"restart to Up {LocalCluster.Seconds(up)}, then 3 members after {LocalCluster.Seconds(rejoined)}, "
                    + $"every player served again {LocalCluster.Seconds(cast.AllServedAgainAfter(stoppedAt))} after the SIGTERM"));
            }

            await play.StopAsync();
            var played = cast.Summary();
            var checker = new InvariantChecker(cluster, cast.Observer, cast.Players);
            await checker.ReconnectEverybodyAsync();
            await checker.VerifyAsync();

            cluster.Log($"TIMING scenario 4: {string.Join("; ", timings)}; {played}");
        });
    }
}
