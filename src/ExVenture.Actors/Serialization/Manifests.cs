using ExVenture.Actors.Characters;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Sessions;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;

namespace ExVenture.Actors.Serialization;

/// <summary>
/// Every type the game serializes, with its manifest. Manifests of persisted types (events and snapshots) are part of
/// the journal's schema: never change or reuse one. A type whose shape must change gets a new manifest, and the old
/// one stays readable (golden samples in tests/ExVenture.Actors.Tests/Serialization keep us honest).
/// </summary>
public static class Manifests
{
    /// <summary>Persisted: events and snapshots.</summary>
    public static IReadOnlyDictionary<Type, string> Persisted { get; } = new Dictionary<Type, string>
    {
        [typeof(CharacterEvents.Created)] = "ch.created",
        [typeof(CharacterEvents.Moved)] = "ch.moved",
        [typeof(CharacterEvents.ItemPickedUp)] = "ch.item-picked-up",
        [typeof(CharacterEvents.ItemPutDown)] = "ch.item-put-down",
        [typeof(CharacterEvents.TransferConfirmed)] = "ch.transfer-confirmed",
        [typeof(CharacterEvents.ReceiptClosed)] = "ch.receipt-closed",
        [typeof(CharacterState)] = "ch.snapshot",
        [typeof(RoomEvents.OccupantEntered)] = "rm.occupant-entered",
        [typeof(RoomEvents.OccupantLeft)] = "rm.occupant-left",
        [typeof(RoomEvents.ItemTakenFromFloor)] = "rm.item-taken",
        [typeof(RoomEvents.TransferConfirmed)] = "rm.transfer-confirmed",
        [typeof(RoomEvents.ReceiptClosed)] = "rm.receipt-closed",
        [typeof(RoomEvents.ItemLeftOnFloor)] = "rm.item-left",
        [typeof(RoomState)] = "rm.snapshot",
    };

    /// <summary>Sent between nodes only (never stored), so they may evolve with a rolling-upgrade in mind.</summary>
    public static IReadOnlyDictionary<Type, string> Wire { get; } = new Dictionary<Type, string>
    {
        [typeof(RoomRequests.Enter)] = "rq.enter",
        [typeof(RoomRequests.Leave)] = "rq.leave",
        [typeof(RoomRequests.Look)] = "rq.look",
        [typeof(RoomRequests.Say)] = "rq.say",
        [typeof(RoomRequests.Whisper)] = "rq.whisper",
        [typeof(RoomRequests.Emote)] = "rq.emote",
        [typeof(RoomRequests.TakeItem)] = "rq.take",
        [typeof(RoomRequests.PutItem)] = "rq.put",
        [typeof(RoomRequests.ConfirmTransfer)] = "rq.confirm",
        [typeof(RoomRequests.CloseReceipt)] = "rq.close-receipt",
        [typeof(CharacterMessages.Deliver)] = "cm.deliver",
        [typeof(CharacterMessages.GiveItem)] = "cm.give",
        [typeof(CharacterMessages.TransferAccepted)] = "cm.accepted",
        [typeof(CharacterMessages.CloseReceipt)] = "cm.close-receipt",
        [typeof(CharacterMessages.Tell)] = "cm.tell",
        [typeof(Characters.CharacterPlacement.Locate)] = "cp.locate",
        [typeof(Rooms.RoomLinks.Release)] = "rl.release",
        [typeof(Rooms.RoomLinks.Released)] = "rl.released",
        [typeof(Characters.CharacterPlacement.Located)] = "cp.located",
        [typeof(SessionMessages.Attach)] = "ss.attach",
        [typeof(SessionMessages.Input)] = "ss.input",
        [typeof(SessionMessages.Detach)] = "ss.detach",
        [typeof(SessionMessages.Output)] = "ss.output",
        [typeof(SessionMessages.Attached)] = "ss.attached",
        [typeof(SessionMessages.Ended)] = "ss.ended",
        [typeof(CharacterDeletion.DeleteCharacter)] = "cd.delete",
        [typeof(CharacterDeletion.CharacterDeleted)] = "cd.deleted",
        [typeof(CharacterDeletion.CharacterDeletionFailed)] = "cd.failed",
        [typeof(PresenceMessages.Online)] = "pr.online",
        [typeof(PresenceMessages.ListOnline)] = "pr.list",
        [typeof(PresenceMessages.ListLocal)] = "pr.list-local",
        [typeof(PresenceMessages.OnlineList)] = "pr.online-list",
        [typeof(PresenceMessages.ListSessions)] = "pr.list-sessions",
        [typeof(PresenceMessages.SessionList)] = "pr.session-list",
        [typeof(PresenceMessages.Kick)] = "pr.kick",
        [typeof(PresenceMessages.KickDone)] = "pr.kick-done",
        [typeof(PresenceMessages.Wall)] = "pr.wall",
        [typeof(PresenceMessages.WallDone)] = "pr.wall-done",
        [typeof(PresenceMessages.SpeakOnGeneral)] = "pr.general-speak",
        [typeof(PresenceMessages.GeneralLine)] = "pr.general-line",
    };
}
