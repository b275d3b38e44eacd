using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.ClusterFormation;
using ExVenture.Actors.Hosting;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests.ClusterFormation;

/// <summary>
/// A node whose discovered seeds vanished before letting it in (machines replaced during a deploy) asks its discovery
/// again and joins the machines that are there now, instead of knocking on a dead address for ever.
/// </summary>
public sealed class RediscoveryTests : TestKit
{
    private static readonly Config Node = ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.seed-node-timeout = 1s
        """);

    private readonly List<ActorSystem> _others = [];

    public RediscoveryTests()
        : base(Node, "exventure")
    {
    }

    [Fact]
    public async Task A_node_whose_seeds_vanished_asks_again_and_joins_the_cluster_that_is_there()
    {
        // The running cluster: this test's own system.
        var running = Cluster.Get(Sys);
        running.Join(running.SelfAddress);
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, running.SelfMember.Status), TimeSpan.FromSeconds(20));

        // The newcomer's first answer names a machine that is gone (nothing listens there); the next names the running one.
        var gone = $"127.0.0.1:{FreePort.Next()}";
        var there = $"127.0.0.1:{running.SelfAddress.Port}";
        var discovery = new ChangingAnswers([gone], [there]);
        var newcomer = ActorSystem.Create("exventure", Node);
        _others.Add(newcomer);

        var joining = GameActorsHostingExtensions.JoinAsync(newcomer, discovery, rediscoverEvery: TimeSpan.FromSeconds(1), CancellationToken.None);

        await AwaitAssertAsync(
            () => Assert.Equal(2, running.State.Members.Count(m => m.Status == MemberStatus.Up)),
            TimeSpan.FromSeconds(30));
        await joining.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(discovery.Asked >= 2, $"discovery was asked {discovery.Asked} time(s)");
        Assert.Contains(Cluster.Get(newcomer).SelfAddress, running.State.Members.Select(m => m.Address));
    }

    [Fact]
    public async Task Static_seeds_are_not_asked_again()
    {
        var running = Cluster.Get(Sys);
        running.Join(running.SelfAddress);
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, running.SelfMember.Status), TimeSpan.FromSeconds(20));
        var newcomer = ActorSystem.Create("exventure", Node);
        _others.Add(newcomer);

        // Static seeds return at once after the join starts: no rediscovery loop runs for them.
        await GameActorsHostingExtensions.JoinAsync(
            newcomer, new StaticSeeds([$"127.0.0.1:{running.SelfAddress.Port}"]), TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await AwaitAssertAsync(
            () => Assert.Equal(2, running.State.Members.Count(m => m.Status == MemberStatus.Up)),
            TimeSpan.FromSeconds(30));
    }

    protected override void AfterAll()
    {
        foreach (var system in _others)
        {
            Shutdown(system, verifySystemShutdown: false);
        }

        base.AfterAll();
    }

    /// <summary>A discovery whose answers change, as Fly's DNS does when machines are replaced: the answers in order,
    /// then the last one again.</summary>
    private sealed class ChangingAnswers(params IReadOnlyList<string>[] answers) : ISeedDiscovery
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public Task<IReadOnlyList<string>> FindSeedsAsync(CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _asked) - 1;
            return Task.FromResult(answers[Math.Min(index, answers.Length - 1)]);
        }
    }
}
