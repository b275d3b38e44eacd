using System.Collections.Immutable;

namespace ExVenture.Domain.Items;

/// <summary>An item on its way from this entity to another, persisted until the receiver confirms it.</summary>
public sealed record PendingTransfer(string TransferId, ItemInstance Item, string ToEntityId);

/// <summary>
/// The bookkeeping both rooms and characters keep for moving items between entities (see docs/item-transfers.md).
/// The sender persists "sent" (the item leaves its hands and enters the outbox) before telling the receiver, and
/// re-sends until the receiver confirms. The receiver persists "received" once per transfer id and remembers the
/// most recent transfer ids, so a re-sent item is acknowledged again but never added twice.
/// </summary>
public sealed record TransferLedger(
    ImmutableDictionary<string, PendingTransfer> Outbox,
    ImmutableList<string> RecentlyReceived)
{
    /// <summary>How many received transfer ids an entity remembers. A sender re-sends only until confirmed,
    /// which takes one round trip, so this window covers re-sends after crashes by a wide margin.</summary>
    public const int ReceivedWindow = 512;

    public static TransferLedger Empty { get; } =
        new(ImmutableDictionary<string, PendingTransfer>.Empty, ImmutableList<string>.Empty);

    public bool HasReceived(string transferId) => RecentlyReceived.Contains(transferId);

    public TransferLedger Sent(PendingTransfer transfer) => this with { Outbox = Outbox.SetItem(transfer.TransferId, transfer) };

    public TransferLedger Confirmed(string transferId) => this with { Outbox = Outbox.Remove(transferId) };

    public TransferLedger Received(string transferId)
    {
        var recent = RecentlyReceived.Add(transferId);
        return this with { RecentlyReceived = recent.Count > ReceivedWindow ? recent.RemoveAt(0) : recent };
    }
}
