using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Rooms;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>
/// A character asked to stop (its shard is handed over) first has its room drop the direct link to this incarnation,
/// so a line the room said just before is still delivered and nothing said after goes into a stopped actor's dead
/// letters. Probes stand in for the shard, the room region and the session.
/// </summary>
public sealed class CharacterStopTests : TestKit
{
    private static readonly TempDirectory Data = new("exventure-character-stop");

    private readonly GameWorld _world = TinyWorld.Create();
    private readonly TestProbe _shard;
    private readonly TestProbe _rooms;
    private readonly TestProbe _session;
    private readonly EntityRouter _router;

    public CharacterStopTests()
        : base(GameConfig.SqliteJournal(Data.File($"journal-{Guid.NewGuid():N}.db")).WithFallback(GameConfig.Hocon()))
    {
        _shard = CreateTestProbe("shard");
        _rooms = CreateTestProbe("rooms");
        _session = CreateTestProbe("session");
        _router = new EntityRouter(CreateTestProbe("characters").Ref, _rooms.Ref);
    }

    [Fact]
    public void A_character_stops_only_after_its_room_has_dropped_the_direct_link()
    {
        var ada = StartPlaying("ada", "Ada");

        ada.Tell(StopEntity.Instance, _shard.Ref);
        var release = _rooms.FishForMessage<RoomLinks.Release>(_ => true);
        Assert.Equal(("ada", TinyWorld.Hall), (release.CharacterId, release.RoomId));

        // Said in the room before it answered: still reaches the player, because the character is still there.
        var line = Frames.Display("Bo waves.");
        ada.Tell(new CharacterMessages.Deliver("ada", [line], null, TinyWorld.Hall), _rooms.Ref);
        _session.FishForMessage<Output>(o => o.Frames.Contains(line));

        ada.Tell(new RoomLinks.Released(TinyWorld.Hall), _rooms.Ref);
        ExpectTerminated(ada);
    }

    [Fact]
    public void A_character_whose_room_does_not_answer_stops_anyway()
    {
        var bo = StartPlaying("bo", "Bo");

        bo.Tell(StopEntity.Instance, _shard.Ref);
        _rooms.FishForMessage<RoomLinks.Release>(_ => true);

        ExpectTerminated(bo, TimeSpan.FromSeconds(20));
    }

    private IActorRef StartPlaying(string id, string name)
    {
        var character = _shard.ChildActorOf(CharacterActor.Props(id, _world, _router, CreateTestProbe().Ref));
        Watch(character);
        character.Tell(new Attach(id, name, "s1", _session.Ref), _session.Ref);
        _session.FishForMessage<Attached>(_ => true);
        return character;
    }
}
