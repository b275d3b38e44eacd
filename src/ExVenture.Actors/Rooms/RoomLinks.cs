using ExVenture.Actors.Serialization;
using ExVenture.Domain.Rooms;

namespace ExVenture.Actors.Rooms;

/// <summary>
/// A room tells its occupants what happens straight to their character actors (<see cref="RoomActor"/>). A character
/// incarnation that is about to stop (its shard is handed over, or it passivates) first asks its room to drop that
/// link: lines said after the room has answered go through the shard region, which holds them for the next
/// incarnation, instead of into a stopped actor's dead letters.
/// </summary>
public static class RoomLinks
{
    /// <summary>Stop telling <paramref name="CharacterId"/>'s current actor directly.</summary>
    public sealed record Release(string RoomId, string CharacterId) : IRoomRequest;

    /// <summary>The room has dropped the link; everything it sent directly before this has already arrived
    /// (messages between two actors keep their order).</summary>
    public sealed record Released(string RoomId) : IWireMessage;
}
