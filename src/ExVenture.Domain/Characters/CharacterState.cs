using System.Collections.Immutable;
using ExVenture.Domain.Commands;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.Text;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;

namespace ExVenture.Domain.Characters;

/// <summary>What a character decided: events to persist first, then frames for its own player, then messages for
/// other entities. <see cref="ListOnline"/>, <see cref="EndSession"/> and <see cref="General"/> ask the entity for the
/// things that are not game state: the cluster-wide list of players, closing the player's connection, and a line
/// for every player online on the general channel.</summary>
public sealed record CharacterDecision(
    IReadOnlyList<ICharacterEvent> Events,
    IReadOnlyList<Frame> Output,
    IReadOnlyList<IEntityMessage> Messages,
    bool ListOnline = false,
    bool EndSession = false,
    string? General = null)
{
    public static CharacterDecision Nothing { get; } = new([], [], []);

    public static CharacterDecision Say(string text) => new([], [Frames.Display(text)], []);
}

/// <summary>Everything a character needs to decide besides its own state.</summary>
/// <param name="ReplyTo">Name of the last character who told this one something (for <c>reply</c>).</param>
public sealed record CharacterContext(GameWorld World, Func<string> NewTransferId, bool Online, string? ReplyTo = null);

/// <summary>
/// The persisted state of one character: where it is, what it carries, its vitals and items in transit.
/// The character is the only authority on its own location, so it is never in two rooms or in none; rooms keep a
/// presence list that follows the character's decisions (docs/item-transfers.md explains the item protocol).
/// </summary>
public sealed record CharacterState(
    string Id,
    string Name,
    string RoomId,
    ImmutableList<ItemInstance> Inventory,
    Vitals Vitals,
    TransferLedger Transfers)
{
    /// <summary>A character entity before its first event.</summary>
    public static CharacterState Unborn(string id) => new(id, string.Empty, string.Empty, [], Vitals.Starting, TransferLedger.Empty);

    public bool Exists => Name.Length > 0;

    public CharacterState Apply(ICharacterEvent @event) => @event switch
    {
        CharacterEvents.Created e => this with { Name = e.Name, RoomId = e.RoomId, Vitals = e.Vitals },
        CharacterEvents.Moved e => this with { RoomId = e.ToRoomId },
        CharacterEvents.ItemPickedUp e => this with
        {
            Inventory = Inventory.Any(i => i.Id == e.Item.Id) ? Inventory : Inventory.Add(e.Item),
            Transfers = Transfers.Received(e.TransferId, e.FromRoomId),
        },
        CharacterEvents.ItemPutDown e => this with
        {
            Inventory = Inventory.RemoveAll(i => i.Id == e.Transfer.Item.Id),
            Transfers = Transfers.Sent(e.Transfer),
        },
        CharacterEvents.TransferConfirmed e => this with { Transfers = Transfers.Confirmed(e.TransferId) },
        CharacterEvents.ReceiptClosed e => this with { Transfers = Transfers.Closed(e.TransferId) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown character event."),
    };

    public CharacterState ApplyAll(IEnumerable<ICharacterEvent> events) => events.Aggregate(this, (state, e) => state.Apply(e));

    /// <summary>A player's session attached: create the character on first use, put it back into the world.</summary>
    public CharacterDecision Arrive(string name, GameWorld world)
    {
        var events = new List<ICharacterEvent>();
        if (!Exists)
        {
            events.Add(new CharacterEvents.Created(Id, name, world.StartRoomId, Vitals.Starting));
        }
        else if (!world.TryGetRoom(RoomId, out _))
        {
            events.Add(new CharacterEvents.Moved(RoomId, world.StartRoomId, null));
        }

        var after = ApplyAll(events);
        return new CharacterDecision(
            events,
            [Frames.Display($"Welcome, {after.Name}. Type 'help' for the list of commands."), after.VitalsFrame(), after.InventoryFrame(world)],
            [new RoomRequests.Enter(after.RoomId, Id, after.Name, null, null)]);
    }

    /// <summary>The session survived while this character's entity moved or restarted: back into the room, quietly.</summary>
    public CharacterDecision Resume(GameWorld world) =>
        Exists && world.TryGetRoom(RoomId, out _)
            ? new CharacterDecision([], [], [new RoomRequests.Enter(RoomId, Id, Name, null, null)])
            : Arrive(Name, world);

    /// <summary>The player's connection is gone (closed, lost, or quit), or the character is being deleted: it
    /// leaves its room's presence, and the others there see it go.</summary>
    public CharacterDecision Depart() =>
        Exists ? new CharacterDecision([], [], [new RoomRequests.Leave(RoomId, Id, Name, null)]) : CharacterDecision.Nothing;

    /// <summary>
    /// Why this character cannot be deleted just now, or null when it can. While an item is between it and a room
    /// (an outbox entry the room has not accepted, or a receipt the room has not closed) the item's other copy of
    /// the truth lives in this journal: deleting it would lose the item, or let the room give it again. Settling
    /// takes one round trip between two entities, so the caller is told to try again in a moment.
    /// </summary>
    public string? DeletionRefusal() =>
        Transfers.Unsettled
            ? $"An item is still on its way to or from {(Exists ? Name : Id)}; try again in a moment."
            : null;

    /// <summary>The one channel every player hears, in every region.</summary>
    public const string GeneralChannel = "general";

    public CharacterDecision Decide(PlayerCommand command, CharacterContext context, string? commandRef) => command switch
    {
        Look => ToRoom(new RoomRequests.Look(RoomId, Id, Name, commandRef)),
        Move m => Move(m.Direction, context.World, commandRef),
        Commands.Say s => ToRoom(new RoomRequests.Say(RoomId, Id, Name, s.Text, s.To, commandRef)),
        Commands.Whisper w => ToRoom(new RoomRequests.Whisper(RoomId, Id, Name, w.Target, w.Text, commandRef)),
        Commands.Emote e => ToRoom(new RoomRequests.Emote(RoomId, Id, Name, e.Text, commandRef)),
        Commands.Tell t => SendTell(t.Target, t.Text, commandRef),
        Reply r => context.ReplyTo is null
            ? CharacterDecision.Say("Nobody has told you anything yet.")
            : SendTell(context.ReplyTo, r.Text, commandRef),
        Who => new CharacterDecision([], [], [], ListOnline: true),
        Commands.General g => new CharacterDecision([], [Frames.Channel(GeneralChannel, Name, g.Text), Frames.Display(GameText.ChannelLine(GeneralChannel, "You", g.Text))], [], General: g.Text),
        ShowInventory => new CharacterDecision([], [InventoryFrame(context.World), Frames.Display(GameText.Inventory(ItemCatalog.Views(context.World, Inventory)))], []),
        Get g => ToRoom(new RoomRequests.TakeItem(RoomId, Id, Name, g.Item, commandRef)),
        Commands.Drop d => Drop(d.Item, context, commandRef),
        Info => new CharacterDecision([], [VitalsFrame(), Frames.Display(GameText.Vitals(Name, VitalsView()))], []),
        ShowMap => MapOf(context.World),
        Commands.Help h => CharacterDecision.Say(GameText.Help(context.World, h.Topic)),
        Quit => new CharacterDecision([], [Frames.Display("You step out of the world. Until next time.")], [new RoomRequests.Leave(RoomId, Id, Name, null)], EndSession: true),
        Empty => CharacterDecision.Say(CommandParser.EmptyHint),
        Unknown u => CharacterDecision.Say($"'{GameText.Clip(u.Word, 40)}' is not a command I know. Type 'help' for the list of commands."),
        Malformed m => CharacterDecision.Say(m.Problem),
        _ => CharacterDecision.Say("That command is not available yet."),
    };

    /// <summary>Messages from rooms and other characters.</summary>
    public CharacterDecision Receive(ICharacterMessage message, CharacterContext context) => message switch
    {
        Deliver d => ReceiveOutput(d, context.Online),
        GiveItem g => ReceiveItem(g, context),
        TransferAccepted a => Transfers.Outbox.TryGetValue(a.TransferId, out var sent)
            ? new CharacterDecision(
                [new CharacterEvents.TransferConfirmed(a.TransferId)],
                [Frames.Display($"You drop the {ItemCatalog.NameOf(context.World, sent.Item)}."), InventoryFrame(context.World)],
                [new RoomRequests.CloseReceipt(a.RoomId, a.TransferId)])
            : new CharacterDecision([], [], [new RoomRequests.CloseReceipt(a.RoomId, a.TransferId)]),
        CloseReceipt c => Transfers.OpenReceipts.ContainsKey(c.TransferId)
            ? new CharacterDecision([new CharacterEvents.ReceiptClosed(c.TransferId)], [], [])
            : CharacterDecision.Nothing,
        CharacterMessages.Tell t => ReceiveTell(t, context.Online),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Unknown character message."),
    };

    /// <summary>What a character sends again after a restart, or on a timer: drops not yet accepted, and
    /// confirmations of items received whose room has not closed them yet.</summary>
    public IReadOnlyList<IEntityMessage> PendingDeliveries() =>
        Transfers.Outbox.Values
            .Select(t => (IEntityMessage)new RoomRequests.PutItem(t.ToEntityId, Id, Name, t.TransferId, t.Item, t.Ref))
            .Concat(Transfers.OpenReceipts.Select(r => new RoomRequests.ConfirmTransfer(r.Value, Id, r.Key)))
            .ToList();

    public VitalsView VitalsView() =>
        new(Vitals.Health, Vitals.MaxHealth, Vitals.Skill, Vitals.MaxSkill, Vitals.Endurance, Vitals.MaxEndurance);

    private Frame VitalsFrame() => Frames.Vitals(VitalsView());

    private Frame InventoryFrame(GameWorld world) => Frames.Inventory(ItemCatalog.Views(world, Inventory));

    private static CharacterDecision ToRoom(IRoomRequest request) => new([], [], [request]);

    private CharacterDecision Move(Direction direction, GameWorld world, string? commandRef)
    {
        var exit = world.TryGetRoom(RoomId, out var room) ? room.ExitTo(direction) : null;
        if (exit is null)
        {
            return CharacterDecision.Say($"You can't go {direction.Name()} from here.");
        }

        return new CharacterDecision(
            [new CharacterEvents.Moved(RoomId, exit.ToRoomId, direction)],
            [],
            [
                new RoomRequests.Leave(RoomId, Id, Name, direction),
                new RoomRequests.Enter(exit.ToRoomId, Id, Name, direction.Opposite(), commandRef),
            ]);
    }

    private CharacterDecision SendTell(string target, string text, string? commandRef)
    {
        var targetId = CharacterIds.FromName(target);
        return targetId == Id
            ? CharacterDecision.Say("You murmur something to yourself.")
            : new CharacterDecision([], [], [new CharacterMessages.Tell(targetId, target, Id, Name, text, commandRef)]);
    }

    private CharacterDecision Drop(string query, CharacterContext context, string? commandRef)
    {
        var item = ItemCatalog.Find(context.World, Inventory, query);
        if (item is null)
        {
            return CharacterDecision.Say($"You aren't carrying '{GameText.Clip(query, 40)}'.");
        }

        var transfer = new PendingTransfer(context.NewTransferId(), item, RoomId, commandRef);
        return new CharacterDecision(
            [new CharacterEvents.ItemPutDown(transfer)],
            [],
            [new RoomRequests.PutItem(RoomId, Id, Name, transfer.TransferId, item, commandRef)]);
    }

    private CharacterDecision MapOf(GameWorld world)
    {
        var map = MapRenderer.Render(world, RoomId);
        return new CharacterDecision([], [Frames.Map(map), Frames.Display(map)], []);
    }

    private CharacterDecision ReceiveOutput(Deliver delivery, bool online)
    {
        // A room that still lists us although we left it (or left the game) is told to forget us.
        var stale = delivery.FromRoomId is not null && (!online || delivery.FromRoomId != RoomId);
        return stale
            ? new CharacterDecision([], [], [new RoomRequests.Leave(delivery.FromRoomId!, Id, Name, null)])
            : new CharacterDecision([], delivery.Frames, []);
    }

    private CharacterDecision ReceiveItem(GiveItem give, CharacterContext context)
    {
        var confirm = new RoomRequests.ConfirmTransfer(give.FromRoomId, Id, give.TransferId);
        if (Transfers.HasReceived(give.TransferId))
        {
            return new CharacterDecision([], [], [confirm]);
        }

        var pickedUp = new CharacterEvents.ItemPickedUp(give.TransferId, give.Item, give.FromRoomId);
        if (!Exists)
        {
            // Nobody is here to hold it: the character was deleted while its `get` was on the way (only a character
            // that exists can ask for an item). Refusing would leave the room re-sending it forever, and keeping it
            // would hand it to the next character of this name; so the item is taken and put straight back on the
            // floor it came from, in one write, by the ordinary protocol (docs/item-transfers.md).
            var back = new PendingTransfer(context.NewTransferId(), give.Item, give.FromRoomId);
            return new CharacterDecision(
                [pickedUp, new CharacterEvents.ItemPutDown(back)],
                [],
                [confirm, new RoomRequests.PutItem(give.FromRoomId, Id, Name, back.TransferId, give.Item, null)]);
        }

        var after = Apply(pickedUp);
        return new CharacterDecision(
            [pickedUp],
            [Frames.Display($"You pick up the {ItemCatalog.NameOf(context.World, give.Item)}."), after.InventoryFrame(context.World)],
            [confirm]);
    }

    private CharacterDecision ReceiveTell(CharacterMessages.Tell tell, bool online)
    {
        if (!online || !Exists)
        {
            var notOnline = new Deliver(tell.FromCharacterId, [Frames.Display($"Nobody called {GameText.Clip(tell.ToName, 40)} is online.")], tell.Ref, null);
            return new CharacterDecision([], [], [notOnline]);
        }

        var echo = new Deliver(tell.FromCharacterId, [Frames.Display($"You tell {Name}, \"{tell.Text}\"")], tell.Ref, null);
        return new CharacterDecision([], [Frames.Tell(tell.FromName, tell.Text), Frames.Display($"{tell.FromName} tells you, \"{tell.Text}\"")], [echo]);
    }
}
