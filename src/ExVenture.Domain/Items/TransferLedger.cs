using System.Collections.Immutable;

namespace ExVenture.Domain.Items;

/// <summary>An item on its way from this entity to another, persisted until the receiver confirms it.</summary>
/// <param name="Ref">The ref of the player's command that started it, so that an answer produced by a re-send (after
/// a restart or a hand-off) still tells the player which command it answers.</param>
public sealed record PendingTransfer(string TransferId, ItemInstance Item, string ToEntityId, string? Ref = null);

/// <summary>
/// The bookkeeping both rooms and characters keep for moving items between entities (docs/item-transfers.md).
/// <para>As the giver: the item leaves its hands for <see cref="Outbox"/> (persisted) before it is sent, and is
/// re-sent until the receiver confirms; every confirmation is answered with a close.</para>
/// <para>As the receiver: each transfer id is taken once and stays in <see cref="OpenReceipts"/> (with the giver's
/// id, so the receiver can confirm again until the giver closes it) however long the giver takes. A closed id is
/// still remembered in <see cref="RecentlyClosed"/>, for copies that were already on their way when it closed.</para>
/// </summary>
public sealed record TransferLedger(
    ImmutableDictionary<string, PendingTransfer> Outbox,
    ImmutableDictionary<string, string> OpenReceipts,
    ImmutableList<string> RecentlyClosed)
{
    /// <summary>Closed receipts remembered. A copy can only be in flight at the close for as long as messages take
    /// to arrive, so this covers hundreds of later transfers by the same receiver with a wide margin.</summary>
    public const int ClosedWindow = 512;

    public static TransferLedger Empty { get; } = new(
        ImmutableDictionary<string, PendingTransfer>.Empty,
        ImmutableDictionary<string, string>.Empty,
        ImmutableList<string>.Empty);

    /// <summary>Something is still to be sent again: an item not yet confirmed, or a receipt not yet closed.</summary>
    public bool Unsettled => !Outbox.IsEmpty || !OpenReceipts.IsEmpty;

    public bool HasReceived(string transferId) => OpenReceipts.ContainsKey(transferId) || RecentlyClosed.Contains(transferId);

    public TransferLedger Sent(PendingTransfer transfer) => this with { Outbox = Outbox.SetItem(transfer.TransferId, transfer) };

    public TransferLedger Confirmed(string transferId) => this with { Outbox = Outbox.Remove(transferId) };

    public TransferLedger Received(string transferId, string fromEntityId) =>
        this with { OpenReceipts = OpenReceipts.SetItem(transferId, fromEntityId) };

    public TransferLedger Closed(string transferId)
    {
        if (!OpenReceipts.ContainsKey(transferId))
        {
            return this;
        }

        var closed = RecentlyClosed.Add(transferId);
        return this with
        {
            OpenReceipts = OpenReceipts.Remove(transferId),
            RecentlyClosed = closed.Count > ClosedWindow ? closed.RemoveAt(0) : closed,
        };
    }
}
