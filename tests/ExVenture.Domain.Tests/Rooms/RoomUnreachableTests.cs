using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.Rooms;

/// <summary>What a room that cannot reach its database answers: an error for whoever waits on a request, nothing otherwise.</summary>
public sealed class RoomUnreachableTests
{
    public static TheoryData<IRoomRequest> AwaitedRequests() =>
    [
        new RoomRequests.Enter("reeds.landing", "alice", "Alice", Direction.East, "c1"),
        new RoomRequests.Look("reeds.landing", "alice", "Alice", "c1"),
        new RoomRequests.Say("reeds.landing", "alice", "Alice", "hello", null, "c1"),
        new RoomRequests.Whisper("reeds.landing", "alice", "Alice", "Bob", "psst", "c1"),
        new RoomRequests.Emote("reeds.landing", "alice", "Alice", "waves", "c1"),
        new RoomRequests.TakeItem("reeds.landing", "alice", "Alice", "lantern", "c1"),
        new RoomRequests.PutItem("reeds.landing", "alice", "Alice", "t1", new ItemInstance("i1", "lantern"), "c1"),
    ];

    [Theory]
    [MemberData(nameof(AwaitedRequests))]
    public void The_character_that_asked_hears_the_part_of_the_world_is_unreachable_as_the_answer_to_its_command(IRoomRequest request)
    {
        var answer = RoomState.UnreachableAnswer(request);

        Assert.NotNull(answer);
        Assert.Equal(("alice", "c1"), (answer.CharacterId, answer.Ref));
        Assert.Null(answer.FromRoomId);
        var frame = Assert.Single(answer.Frames);
        Assert.Equal(Frames.Error(ErrorCodes.Unavailable, "That part of the world is unreachable right now; try again shortly."), frame);
    }

    [Fact]
    public void Requests_nobody_waits_on_get_no_answer()
    {
        Assert.Null(RoomState.UnreachableAnswer(new RoomRequests.Leave("reeds.landing", "alice", "Alice", Direction.East)));
        Assert.Null(RoomState.UnreachableAnswer(new RoomRequests.ConfirmTransfer("reeds.landing", "alice", "t1")));
        Assert.Null(RoomState.UnreachableAnswer(new RoomRequests.CloseReceipt("reeds.landing", "t1")));
    }
}
