using ExVenture.Cluster.Tests.Support;
using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Scenario 3: a node is SIGKILLed while four players move candles and lanterns between Mussel Street and the
/// chandlery. The survivors down it (split-brain resolver), its entities start again on them from the journal, the
/// players whose socket died reconnect, and nothing answered is lost and nothing is duplicated.
/// </summary>
public sealed class NodeCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_killed_during_steady_play_loses_no_answered_change_and_duplicates_no_item()
    {
        await using var cluster = await LocalCluster.CreateAsync("crash", output.Lines());
        await cluster.WithNodeLogsAsync(async () =>
        {
            await cluster.StartAsync(3);
            await using var cast = await Cast.AssembleAsync(cluster, 1, 2, 3, 3);
            await using var play = Playthrough.Start(cluster, cast.Players);
            await play.WaitUntilEachAnsweredAsync(10, "warm-up");

            var killedAt = DateTime.UtcNow;
            await cluster.KillNodeAsync(3);
            var converged = await cluster.WaitForMembersAsync(2, [1, 2]);
            await play.WaitUntilEachAnsweredAsync(4, "play after the survivors converged");
            await play.StopAsync();
            var played = cast.Summary();
            cluster.Log($"after the kill, served again for good after {cast.ServedAgainAfter(killedAt)}");
            var servedAgain = cast.AllServedAgainAfter(killedAt);

            var checker = new InvariantChecker(cluster, cast.Observer, cast.Players);
            await checker.ReconnectEverybodyAsync();
            await checker.VerifyAsync();

            cluster.Log($"TIMING scenario 3: SIGKILL to 2 members on the survivors {LocalCluster.Seconds(converged)}; "
                + $"SIGKILL to every player served again {LocalCluster.Seconds(servedAgain)}; {played}");
        });
    }
}
