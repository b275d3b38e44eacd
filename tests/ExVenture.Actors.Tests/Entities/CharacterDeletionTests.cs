using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Entities;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using static ExVenture.Actors.Characters.CharacterDeletion;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// Deleting characters in a sharded, persisted world (one-node cluster, SQLite journal, every message serialized),
/// driven as the account pages will: <see cref="CharacterDeletion.DeleteCharacterAsync"/> on the character region.
/// </summary>
public sealed class CharacterDeletionTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-deletion");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly GameWorld _world = TinyWorld.Create();

    public CharacterDeletionTests()
        : base(GameConfig.ClusterNode(Data.File($"journal-{Guid.NewGuid():N}.db"), serializeEveryMessage: true))
    {
    }

    [Fact]
    public async Task A_connected_character_is_deleted_journal_and_all_and_its_name_starts_afresh()
    {
        var (characters, presence) = await StartWorld();
        var ada = new ChannelPlayer(Sys, "Ada", characters, presence);
        var bo = new ChannelPlayer(Sys, "Bo", characters, presence);
        await ada.ExpectText("Welcome, Ada");
        await bo.ExpectText("Welcome, Bo");
        Assert.Contains("You pick up the brass lantern", await ada.Answer(ada.Send("get lantern")));
        await bo.Answer(bo.Send("up"));
        await ada.Answer(ada.Send("up"));
        await bo.ExpectText("Ada arrives from below.");

        // The lantern's receipt closes a moment after the pick-up; until then the character answers "try again".
        await AwaitAssertAsync(
            async () => Assert.IsType<CharacterDeleted>(await characters.DeleteCharacterAsync("Ada", Patience)),
            Patience,
            TimeSpan.FromMilliseconds(100));

        var closed = await ada.Closed();
        Assert.Equal(ErrorCodes.CharacterDeleted, closed.Reason);
        Assert.Contains("deleted", closed.Farewell.Data, StringComparison.Ordinal);

        // Bo, in the attic, sees Ada leave the game; the attic no longer lists her, nor does anyone's who.
        await bo.Expect((f, _) => f.Topic == Topics.CharacterLeave && f.Data.Contains("\"Ada\"", StringComparison.Ordinal));
        var look = bo.Send("look");
        var attic = await bo.Expect((f, r) => r == look && f.Topic == Topics.RoomInfo);
        Assert.DoesNotContain("\"Ada\"", attic.Frame.Data);
        await AwaitAssertAsync(async () => Assert.DoesNotContain("Ada", await bo.Answer(bo.Send("who"))), Patience, TimeSpan.FromMilliseconds(200));

        // A new Ada starts in the start room with nothing; the lantern went with the old one.
        var again = new ChannelPlayer(Sys, "Ada", characters, presence);
        await again.ExpectText("Welcome, Ada");
        var inventory = await again.Expect((f, _) => f.Topic == Topics.InventoryAll);
        Assert.DoesNotContain("lantern", inventory.Frame.Data);
        var hall = await again.Expect((f, _) => f.Topic == Topics.RoomInfo);
        Assert.Contains(TinyWorld.Hall, hall.Frame.Data);
        Assert.DoesNotContain("lantern", hall.Frame.Data);
        Assert.Contains("You are carrying nothing", await again.Answer(again.Send("inventory")));

        // She can move, and what she does now is persisted: a new incarnation of her recovers it.
        await again.Answer(again.Send("up"));
        await bo.ExpectText("Ada arrives from below.");
        var first = await Sys.ActorSelection("/system/sharding/character/*/ada").ResolveOne(TimeSpan.FromSeconds(10));
        Watch(first);
        first.Tell(StopEntity.Instance);
        ExpectTerminated(first, Patience);
        await AwaitAssertAsync(
            async () => Assert.NotEqual(first, await Sys.ActorSelection("/system/sharding/character/*/ada").ResolveOne(TimeSpan.FromSeconds(1))),
            Patience,
            TimeSpan.FromMilliseconds(200));

        var whereNow = again.Send("look");
        var room = await again.Expect((f, r) => r == whereNow && f.Topic == Topics.RoomInfo);
        Assert.Contains(TinyWorld.Attic, room.Frame.Data);
        Assert.Contains("You are carrying nothing", await again.Answer(again.Send("inventory")));
    }

    [Fact]
    public async Task Deleting_a_character_that_never_existed_or_is_already_deleted_answers_deleted()
    {
        var (characters, presence) = await StartWorld();
        Assert.Equal(new CharacterDeleted("nobody"), await characters.DeleteCharacterAsync("Nobody", Patience));

        var cy = new ChannelPlayer(Sys, "Cy", characters, presence);
        await cy.ExpectText("Welcome, Cy");
        await cy.Answer(cy.Send("up"));

        Assert.Equal(new CharacterDeleted("cy"), await characters.DeleteCharacterAsync("cy", Patience));
        Assert.Equal(ErrorCodes.CharacterDeleted, (await cy.Closed()).Reason);

        // Again: a fresh incarnation, recovered from a journal whose events are all deleted, deletes nothing more.
        Assert.Equal(new CharacterDeleted("cy"), await characters.DeleteCharacterAsync("cy", Patience));

        var again = new ChannelPlayer(Sys, "Cy", characters, presence);
        await again.ExpectText("Welcome, Cy");
        var hall = await again.Expect((f, _) => f.Topic == Topics.RoomInfo);
        Assert.Contains(TinyWorld.Hall, hall.Frame.Data);
    }

    private Task<(IActorRef Characters, IActorRef Presence)> StartWorld() => InProcessNode.StartAsync(Sys, Cluster.Get(Sys).SelfAddress, _world);
}
