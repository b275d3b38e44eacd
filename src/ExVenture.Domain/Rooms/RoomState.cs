using System.Collections.Immutable;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Text;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;

namespace ExVenture.Domain.Rooms;

public sealed record Occupant(string CharacterId, string Name);

/// <summary>What a room decided: events to persist first, then messages for characters.</summary>
public sealed record RoomDecision(IReadOnlyList<IRoomEvent> Events, IReadOnlyList<ICharacterMessage> Messages)
{
    public static RoomDecision Nothing { get; } = new([], []);
}

/// <summary>
/// The persisted state of one room: who is in it, what lies on its floor, and items in transit to characters.
/// <see cref="Decide"/> is pure: it never changes state; the entity persists the events, folds them with
/// <see cref="Apply"/>, then sends the messages.
/// </summary>
public sealed record RoomState(
    string RoomId,
    ImmutableSortedDictionary<string, Occupant> Occupants,
    ImmutableList<ItemInstance> Floor,
    TransferLedger Transfers)
{
    /// <summary>A room before its first event: empty, with the items the world file places in it.</summary>
    public static RoomState Initial(RoomDefinition room) => new(
        room.Id,
        ImmutableSortedDictionary<string, Occupant>.Empty,
        room.Items
            .SelectMany(p => Enumerable.Range(1, p.Count).Select(n => ItemInstance.Seeded(room.Id, p.ItemKindId, n)))
            .ToImmutableList(),
        TransferLedger.Empty);

    public RoomState Apply(IRoomEvent @event) => @event switch
    {
        RoomEvents.OccupantEntered e => this with { Occupants = Occupants.SetItem(e.CharacterId, new Occupant(e.CharacterId, e.Name)) },
        RoomEvents.OccupantLeft e => this with { Occupants = Occupants.Remove(e.CharacterId) },
        RoomEvents.ItemTakenFromFloor e => this with
        {
            Floor = Floor.RemoveAll(i => i.Id == e.Transfer.Item.Id),
            Transfers = Transfers.Sent(e.Transfer),
        },
        RoomEvents.TransferConfirmed e => this with { Transfers = Transfers.Confirmed(e.TransferId) },
        RoomEvents.ReceiptClosed e => this with { Transfers = Transfers.Closed(e.TransferId) },
        RoomEvents.ItemLeftOnFloor e => this with
        {
            Floor = Floor.Any(i => i.Id == e.Item.Id) ? Floor : Floor.Add(e.Item),
            Transfers = Transfers.Received(e.TransferId, e.FromCharacterId),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown room event."),
    };

    public RoomState ApplyAll(IEnumerable<IRoomEvent> events) => events.Aggregate(this, (state, e) => state.Apply(e));

    public RoomDecision Decide(IRoomRequest request, GameWorld world, Func<string> newTransferId) => request switch
    {
        RoomRequests.Enter r => Enter(r, world),
        RoomRequests.Leave r => Leave(r),
        RoomRequests.Look r => WithPresence(r.CharacterId, r.Name, Reply(r.CharacterId, r.Ref, Present(r.CharacterId, r.Name).LookFrames(world, r.Name))),
        RoomRequests.Say r => Say(r),
        RoomRequests.Whisper r => Whisper(r),
        RoomRequests.Emote r => WithPresence(r.CharacterId, r.Name, new RoomDecision([], Everyone(
            r.CharacterId, r.Ref, [Frames.Emote(r.Name, r.Text), Frames.Display($"{r.Name} {r.Text}")]))),
        RoomRequests.TakeItem r => TakeItem(r, world, newTransferId),
        RoomRequests.PutItem r => PutItem(r, world),
        RoomRequests.ConfirmTransfer r => new RoomDecision(
            Transfers.Outbox.ContainsKey(r.TransferId) ? [new RoomEvents.TransferConfirmed(r.TransferId)] : [],
            [new CloseReceipt(r.CharacterId, r.TransferId)]),
        RoomRequests.CloseReceipt r => Transfers.OpenReceipts.ContainsKey(r.TransferId)
            ? new RoomDecision([new RoomEvents.ReceiptClosed(r.TransferId)], [])
            : RoomDecision.Nothing,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.GetType().Name, "Unknown room request."),
    };

    /// <summary>What a room sends again after a restart, or on a timer: items given but not yet confirmed, and
    /// confirmations of items received whose giver has not closed them yet.</summary>
    public IReadOnlyList<ICharacterMessage> PendingDeliveries() =>
        Transfers.Outbox.Values
            .Select(t => (ICharacterMessage)new GiveItem(t.ToEntityId, t.TransferId, t.Item, RoomId, t.Ref))
            .Concat(Transfers.OpenReceipts.Select(r => new TransferAccepted(r.Value, r.Key, RoomId, null)))
            .ToList();

    /// <summary>What a player is told when this room's database cannot be reached.</summary>
    public const string UnreachableText = "That part of the world is unreachable right now; try again shortly.";

    /// <summary>
    /// The answer to <paramref name="request"/> from a room that cannot be reached (its journal is down, so it could not
    /// recover and decided nothing): an error for the character that asked, as the answer to its command. Null for
    /// requests nobody waits on (leaving, transfer bookkeeping: their senders re-send or forget them anyway).
    /// </summary>
    public static Deliver? UnreachableAnswer(IRoomRequest request) => request switch
    {
        RoomRequests.Enter r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.Look r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.Say r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.Whisper r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.Emote r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.TakeItem r => Unreachable(r.CharacterId, r.Ref),
        RoomRequests.PutItem r => Unreachable(r.CharacterId, r.Ref),
        _ => null,
    };

    // No FromRoomId: the character must not take the answer for a room that still lists it.
    private static Deliver Unreachable(string characterId, string? commandRef) =>
        new(characterId, [Frames.Error(ErrorCodes.Unavailable, UnreachableText)], commandRef, null);

    public RoomView View(GameWorld world)
    {
        var room = world.Room(RoomId);
        return new RoomView(
            room.Id,
            room.Name,
            room.Description,
            room.Exits.Select(e => new ExitView(e.Direction.Name(), e.ToRoomId)).ToList(),
            Occupants.Values.Select(o => new NameView(o.Name)).ToList(),
            ItemCatalog.Views(world, Floor),
            room.X,
            room.Y,
            room.Z);
    }

    private IReadOnlyList<Frame> LookFrames(GameWorld world, string viewerName)
    {
        var view = View(world);
        return [Frames.RoomInfo(view), Frames.Display(GameText.Room(view, viewerName))];
    }

    private RoomDecision Enter(RoomRequests.Enter r, GameWorld world)
    {
        var arriving = !Occupants.ContainsKey(r.CharacterId);
        var events = arriving ? new IRoomEvent[] { new RoomEvents.OccupantEntered(r.CharacterId, r.Name) } : [];
        var after = ApplyAll(events);
        var messages = new List<ICharacterMessage> { new Deliver(r.CharacterId, after.LookFrames(world, r.Name), r.Ref, RoomId) };
        if (arriving)
        {
            var from = r.From?.Name();
            messages.AddRange(Others(r.CharacterId, [Frames.CharacterEnter(r.Name, from), Frames.Display(GameText.Entered(r.Name, from))]));
        }

        return new RoomDecision(events, messages);
    }

    private RoomDecision Leave(RoomRequests.Leave r)
    {
        if (!Occupants.ContainsKey(r.CharacterId))
        {
            return RoomDecision.Nothing;
        }

        var to = r.To?.Name();
        return new RoomDecision(
            [new RoomEvents.OccupantLeft(r.CharacterId)],
            Others(r.CharacterId, [Frames.CharacterLeave(r.Name, to), Frames.Display(GameText.Left(r.Name, to))]).ToList());
    }

    private RoomDecision Say(RoomRequests.Say r)
    {
        if (r.To is null)
        {
            var heard = Frames.Say(r.Name, r.Text);
            var messages = new List<ICharacterMessage> { new Deliver(r.CharacterId, [heard, Frames.Display($"You say, \"{r.Text}\"")], r.Ref, RoomId) };
            messages.AddRange(Others(r.CharacterId, [heard, Frames.Display($"{r.Name} says, \"{r.Text}\"")]));
            return WithPresence(r.CharacterId, r.Name, new RoomDecision([], messages));
        }

        var target = FindOccupant(r.To);
        if (target?.CharacterId == r.CharacterId || string.Equals(r.To.Trim(), r.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Say(r with { To = null });
        }

        if (target is null)
        {
            return WithPresence(r.CharacterId, r.Name, Reply(r.CharacterId, r.Ref, [Frames.Display($"You don't see {GameText.Clip(r.To, 40)} here.")]));
        }

        var said = Frames.Say(r.Name, r.Text);
        var directed = new List<ICharacterMessage> { new Deliver(r.CharacterId, [said, Frames.Display($"You say to {target.Name}, \"{r.Text}\"")], r.Ref, RoomId) };
        foreach (var occupant in Occupants.Values.Where(o => o.CharacterId != r.CharacterId))
        {
            var line = occupant.CharacterId == target.CharacterId
                ? $"{r.Name} says to you, \"{r.Text}\""
                : $"{r.Name} says to {target.Name}, \"{r.Text}\"";
            directed.Add(new Deliver(occupant.CharacterId, [said, Frames.Display(line)], null, RoomId));
        }

        return WithPresence(r.CharacterId, r.Name, new RoomDecision([], directed));
    }

    private RoomDecision Whisper(RoomRequests.Whisper r)
    {
        var target = FindOccupant(r.Target);
        if (target is null || target.CharacterId == r.CharacterId)
        {
            return WithPresence(r.CharacterId, r.Name, Reply(r.CharacterId, r.Ref, [Frames.Display($"There is nobody called {GameText.Clip(r.Target, 40)} here to whisper to.")]));
        }

        var messages = new List<ICharacterMessage>
        {
            new Deliver(r.CharacterId, [Frames.Display($"You whisper to {target.Name}, \"{r.Text}\"")], r.Ref, RoomId),
            new Deliver(target.CharacterId, [Frames.Whisper(r.Name, r.Text), Frames.Display($"{r.Name} whispers to you, \"{r.Text}\"")], null, RoomId),
        };
        messages.AddRange(Occupants.Values
            .Where(o => o.CharacterId != r.CharacterId && o.CharacterId != target.CharacterId)
            .Select(o => new Deliver(o.CharacterId, [Frames.Display($"{r.Name} whispers something to {target.Name}.")], null, RoomId)));
        return WithPresence(r.CharacterId, r.Name, new RoomDecision([], messages));
    }

    private RoomDecision TakeItem(RoomRequests.TakeItem r, GameWorld world, Func<string> newTransferId)
    {
        var item = ItemCatalog.Find(world, Floor, r.Query);
        if (item is null)
        {
            return WithPresence(r.CharacterId, r.Name, Reply(r.CharacterId, r.Ref, [Frames.Display($"You don't see '{GameText.Clip(r.Query, 40)}' here.")]));
        }

        var transfer = new PendingTransfer(newTransferId(), item, r.CharacterId, r.Ref);
        var messages = new List<ICharacterMessage> { new GiveItem(r.CharacterId, transfer.TransferId, item, RoomId, r.Ref) };
        messages.AddRange(Others(r.CharacterId, [Frames.Display($"{r.Name} picks up the {ItemCatalog.NameOf(world, item)}.")]));
        return WithPresence(r.CharacterId, r.Name, new RoomDecision([new RoomEvents.ItemTakenFromFloor(transfer)], messages));
    }

    private RoomDecision PutItem(RoomRequests.PutItem r, GameWorld world)
    {
        var accepted = new TransferAccepted(r.CharacterId, r.TransferId, RoomId, r.Ref);
        if (Transfers.HasReceived(r.TransferId))
        {
            return new RoomDecision([], [accepted]);
        }

        var messages = new List<ICharacterMessage> { accepted };
        if (Occupants.ContainsKey(r.CharacterId))
        {
            messages.AddRange(Others(r.CharacterId, [Frames.Display($"{r.Name} drops the {ItemCatalog.NameOf(world, r.Item)}.")]));
        }

        return new RoomDecision([new RoomEvents.ItemLeftOnFloor(r.TransferId, r.Item, r.CharacterId)], messages);
    }

    /// <summary>Self-healing presence: a request from a character the room does not list (it lost track after a
    /// crash, or the Enter is still on its way) records it as present, silently, before the answer.</summary>
    private RoomDecision WithPresence(string characterId, string name, RoomDecision decision) =>
        Occupants.ContainsKey(characterId)
            ? decision
            : decision with { Events = [new RoomEvents.OccupantEntered(characterId, name), .. decision.Events] };

    /// <summary>This state with the character listed as present (what <see cref="WithPresence"/> will persist).</summary>
    private RoomState Present(string characterId, string name) =>
        Occupants.ContainsKey(characterId) ? this : Apply(new RoomEvents.OccupantEntered(characterId, name));

    private Occupant? FindOccupant(string name) =>
        Occupants.Values.FirstOrDefault(o => string.Equals(o.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private RoomDecision Reply(string characterId, string? commandRef, IReadOnlyList<Frame> frames) =>
        new([], [new Deliver(characterId, frames, commandRef, RoomId)]);

    private IEnumerable<ICharacterMessage> Others(string exceptCharacterId, IReadOnlyList<Frame> frames) =>
        Occupants.Values
            .Where(o => o.CharacterId != exceptCharacterId)
            .Select(o => new Deliver(o.CharacterId, frames, null, RoomId));

    private List<ICharacterMessage> Everyone(string actorId, string? commandRef, IReadOnlyList<Frame> frames)
    {
        var messages = new List<ICharacterMessage> { new Deliver(actorId, frames, commandRef, RoomId) };
        messages.AddRange(Others(actorId, frames));
        return messages;
    }
}
