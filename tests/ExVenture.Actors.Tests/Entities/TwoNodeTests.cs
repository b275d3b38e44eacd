using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// Two actor systems in one process form a real two-node cluster over loopback remoting, sharing one journal:
/// players on different nodes share one world (fast checks of the sharding wiring; the process-level tests in
/// ExVenture.Cluster.Tests cover leaving and crashing).
/// </summary>
public sealed class TwoNodeTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-two-nodes");

    private readonly GameWorld _world = TinyWorld.Create();
    private readonly ActorSystem _second;

    public TwoNodeTests()
        : this(GameConfig.ClusterNode(Data.File($"journal-{Guid.NewGuid():N}.db")))
    {
    }

    private TwoNodeTests(Config config)
        : base(config, "exventure")
    {
        _second = ActorSystem.Create("exventure", config);
    }

    [Fact]
    public async Task Players_on_different_nodes_meet_talk_tell_and_see_each_other_in_who()
    {
        var seed = Cluster.Get(Sys).SelfAddress;
        var (charactersA, presenceA) = await InProcessNode.StartAsync(Sys, seed, _world);
        var (charactersB, presenceB) = await InProcessNode.StartAsync(_second, seed, _world);
        await AwaitAssertAsync(() => Assert.Equal(2, Cluster.Get(Sys).State.Members.Count(m => m.Status == MemberStatus.Up)));

        var ada = new ChannelPlayer(Sys, "Ada", charactersA, presenceA);
        await ada.ExpectText("Welcome, Ada");
        // The welcome comes from the character; only the room's answer says Ada is in the hall, so Bo arrives after her.
        await ada.Expect((f, _) => f.Topic == Topics.RoomInfo);
        var bo = new ChannelPlayer(_second, "Bo", charactersB, presenceB);
        await bo.ExpectText("Welcome, Bo");
        await ada.Expect((f, _) => f.Topic == Topics.CharacterEnter && f.Data.Contains("\"Bo\"", StringComparison.Ordinal));

        bo.Send("say across the cluster");
        await ada.ExpectText("Bo says, \\\"across the cluster");

        Assert.Contains("You tell Bo", await ada.Answer(ada.Send("tell bo psst")));
        await bo.ExpectText("Ada tells you, \\\"psst");

        await AwaitAssertAsync(async () =>
        {
            var who = await bo.Answer(bo.Send("who"));
            Assert.Contains("Ada", who);
            Assert.Contains("Bo", who);
        });

        // The general channel reaches every node; the speaker's answer is its own copy of the line.
        Assert.Contains("[general] You: the ferry rope is back", await ada.Answer(ada.Send("general the ferry rope is back")));
        await bo.ExpectText("[general] Ada: the ferry rope is back");
        await bo.Expect((f, _) => f.Topic == Topics.ChannelBroadcast && f.Data.Contains("\"channel\":\"general\"", StringComparison.Ordinal));
    }

    protected override void AfterAll()
    {
        Cluster.Get(_second).Leave(Cluster.Get(_second).SelfAddress);
        _second.Terminate().Wait(TimeSpan.FromSeconds(20));
        base.AfterAll();
    }
}
