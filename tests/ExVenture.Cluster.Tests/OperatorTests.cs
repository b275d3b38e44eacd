using ExVenture.Cluster.Tests.Support;
using ExVenture.Operations;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Scenario 5: an operator runs a live three-node cluster with <c>pbm</c>, the real client binary against each node's
/// operator host: members, shard statistics, a message to every player, a graceful leave, downing a crashed node.
/// </summary>
public sealed partial class OperatorTests(ITestOutputHelper output)
{
    private static readonly string Token = OperatorToken.Derive(LocalCluster.SecretKeyBase);

    [Fact]
    public async Task An_operator_inspects_and_manages_a_three_node_cluster_with_pbm()
    {
        await using var cluster = await LocalCluster.CreateAsync("operator", output.Lines());
        await cluster.WithNodeLogsAsync(async () =>
        {
            await cluster.StartAsync(3);

            var show = await PbmCli.RunAsync(Token, cluster[1].OperatorEndpoint, "cluster", "show");
            Assert.True(show.ExitCode == 0, show.ToString());
            foreach (var node in cluster.Nodes)
            {
                Assert.Contains(show.Output.Split('\n'), line => line.Contains(node.ClusterAddress, StringComparison.Ordinal) && line.Contains("Up", StringComparison.Ordinal));
            }

            Assert.Contains("Count: 3 nodes", show.Output);

            var refused = await PbmCli.RunAsync("not-the-operator-token-at-all-000000", cluster[2].OperatorEndpoint, "cluster", "show");
            Assert.True(refused.ExitCode == 4, refused.ToString());

            // Two players on two nodes: two character entities, wherever sharding put them.
            await using var alice = new GameClient(cluster[1].BaseUri, "alice");
            await using var bob = new GameClient(cluster[2].BaseUri, "bob");
            await alice.SignUpAsync("Alys");
            await bob.SignUpAsync("Brannoc");
            await alice.ConnectAsync("Alys", cluster[1].BaseUri);
            await bob.ConnectAsync("Brannoc", cluster[2].BaseUri);
            await alice.ExpectTopicAsync("Room.Info");
            await bob.ExpectTopicAsync("Room.Info");

            var stats = await PbmCli.RunAsync(Token, cluster[3].OperatorEndpoint, "cluster-sharding", "region-stats", "-r", "character");
            Assert.True(stats.ExitCode == 0, stats.ToString());
            Assert.Equal(2, EntitiesIn(stats.Output));

            var wall = await PbmCli.RunAsync(Token, cluster[3].OperatorEndpoint, "game", "wall", "The dam keepers open the sluices at noon.");
            Assert.True(wall.ExitCode == 0, wall.ToString());
            await alice.ExpectTextAsync("The dam keepers open the sluices at noon.");
            await bob.ExpectTextAsync("The dam keepers open the sluices at noon.");

            // Node 3 leaves at the operator's word; its shards move to the others.
            var leave = await PbmCli.RunAsync(Token, cluster[3].OperatorEndpoint, "cluster", "leave");
            Assert.True(leave.ExitCode == 0, leave.ToString());
            Assert.Equal(0, (await cluster.WaitForExitAsync(3)).ExitCode);
            var after = await ShowUntilAsync(cluster[1], "Count: 2 nodes");
            Assert.DoesNotContain(cluster[3].ClusterAddress, after.Output);
            var moved = await PbmCli.RunAsync(Token, cluster[1].OperatorEndpoint, "cluster-sharding", "region-stats", "-r", "character");
            Assert.Equal(2, EntitiesIn(moved.Output));
            Assert.DoesNotContain(cluster[3].ClusterAddress, moved.Output);
            Assert.Contains("You say", await alice.CommandAsync("say still here"));

            // Node 2 crashes; the operator downs it rather than wait for the split-brain resolver.
            await cluster.KillNodeAsync(2);
            var down = await PbmCli.RunAsync(Token, cluster[1].OperatorEndpoint, "cluster", "down", "-a", AkkaAddress(show.Output, cluster[2]));
            Assert.True(down.ExitCode == 0, down.ToString());
            await ShowUntilAsync(cluster[1], "Count: 1 nodes");

            var unreachable = await PbmCli.RunAsync(Token, cluster[3].OperatorEndpoint, "cluster", "show");
            Assert.True(unreachable.ExitCode == 3, unreachable.ToString());
            Assert.True(unreachable.Took < TimeSpan.FromSeconds(15), unreachable.ToString());
        });
    }

    /// <summary><c>cluster show</c> on <paramref name="node"/> until its output holds <paramref name="expected"/>: membership
    /// changes reach each node a gossip round or two after the event.</summary>
    private static async Task<PbmRun> ShowUntilAsync(ClusterNode node, string expected)
    {
        var deadline = DateTime.UtcNow + LocalCluster.DefaultConvergenceTimeout;
        while (true)
        {
            var show = await PbmCli.RunAsync(Token, node.OperatorEndpoint, "cluster", "show");
            if (show.ExitCode == 0 && show.Output.Contains(expected, StringComparison.Ordinal))
            {
                return show;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"cluster show on {node.Name} never said '{expected}'; last:\n{show}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>The full Akka address of <paramref name="node"/> as <c>cluster show</c> printed it.</summary>
    private static string AkkaAddress(string show, ClusterNode node) =>
        show.Split('\n').Select(line => line.Split('|')[0].Trim()).Single(address => address.EndsWith(node.ClusterAddress, StringComparison.Ordinal));

    /// <summary>The total from <c>region-stats</c>' last line, "Total: S shards, E entities on N nodes".</summary>
    private static int EntitiesIn(string regionStats) =>
        TotalLine().Match(regionStats) is { Success: true } total
            ? int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"No total in:\n{regionStats}");

    [System.Text.RegularExpressions.GeneratedRegex(@"Total: \d+ shards, (\d+) entities on \d+ nodes")]
    private static partial System.Text.RegularExpressions.Regex TotalLine();
}
