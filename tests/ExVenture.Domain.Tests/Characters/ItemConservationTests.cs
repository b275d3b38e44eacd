using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Domain.Characters.CharacterMessages;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>
/// Items are never duplicated and never lost while rooms and a character trade them over an unreliable network:
/// every message is delivered twice, in any order, and entities restart (rebuild from their journals and re-send
/// their pending transfers) at any time.
/// </summary>
public sealed class ItemConservationTests
{
    private static readonly GameWorld World = TestWorlds.Small;

    /// <summary>What the player types, in order: items change hands between the hall, the garden and the pack.</summary>
    private static readonly Cmd.PlayerCommand[] Script =
    [
        new Cmd.Get("lantern"), new Cmd.Get("coin"), new Cmd.Get("coin"), new Cmd.Drop("lantern"), new Cmd.Get("lantern"),
        new Cmd.Move(Direction.North), new Cmd.Get("rope"), new Cmd.Drop("coin"), new Cmd.Drop("lantern"), new Cmd.Get("coin"),
        new Cmd.Drop("rope"), new Cmd.Get("lantern"), new Cmd.Move(Direction.South), new Cmd.Drop("lantern"), new Cmd.Drop("coin"),
        new Cmd.Get("coin"), new Cmd.Get("lantern"), new Cmd.Drop("coin"), new Cmd.Drop("lantern"), new Cmd.Get("lantern"),
    ];

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 40));

    [Fact]
    public void In_order_exchange_without_duplicates_ends_with_the_expected_arrangement()
    {
        var exchange = new Exchange(duplicate: false);
        foreach (var command in Script)
        {
            exchange.Command(command);
            exchange.Drain(next: _ => 0);
        }

        exchange.AssertEveryItemIsInExactlyOnePlace();
        exchange.AssertEveryReceiptIsClosed();
        // Worked out by hand from the script: the rope stays in the garden, two coins end up back in the hall.
        Assert.Equal(["test.hall/coin/3", "test.hall/lantern/1"], exchange.Alice.Inventory.Select(i => i.Id));
        Assert.Equal(["test.garden/rope/1"], exchange.Rooms[TestWorlds.Garden].Floor.Select(i => i.Id));
        Assert.Equal(["test.hall/coin/1", "test.hall/coin/2"], exchange.Rooms[TestWorlds.Hall].Floor.Select(i => i.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_item_is_in_exactly_one_place_despite_duplicates_reorderings_and_restarts(int seed)
    {
        var random = new Random(seed);
        var exchange = new Exchange(duplicate: true);
        var commands = new Queue<Cmd.PlayerCommand>(Script);

        while (commands.Count > 0 || exchange.InFlight.Count > 0)
        {
            var roll = random.Next(10);
            if (commands.Count > 0 && (roll < 3 || exchange.InFlight.Count == 0))
            {
                exchange.Command(commands.Dequeue());
            }
            else if (roll == 3)
            {
                exchange.Restart(random.Next(3));
            }
            else
            {
                exchange.DeliverAt(random.Next(exchange.InFlight.Count));
            }

            exchange.AssertEveryItemIsInExactlyOnePlace();
        }

        exchange.Settle(random);
        Assert.Empty(exchange.Alice.Transfers.Outbox);
        Assert.All(exchange.Rooms.Values, r => Assert.Empty(r.Transfers.Outbox));
        exchange.AssertEveryItemIsInExactlyOnePlace();
        exchange.AssertEveryReceiptIsClosed();
        Assert.True(exchange.Delivered<CloseReceipt>() > 0, "No CloseReceipt reached Alice.");
        Assert.True(exchange.Delivered<RoomRequests.CloseReceipt>() > 0, "No CloseReceipt reached a room.");
    }

    [Fact]
    public void Give_redelivered_after_the_item_was_dropped_back_does_not_duplicate_it()
    {
        var exchange = new Exchange(duplicate: false);
        exchange.Command(new Cmd.Get("lantern"));
        exchange.DeliverWhere(m => m is RoomRequests.TakeItem);
        exchange.DeliverWhere(m => m is GiveItem);
        exchange.Lose(m => m is RoomRequests.ConfirmTransfer);
        exchange.Command(new Cmd.Drop("lantern"));
        exchange.DeliverWhere(m => m is RoomRequests.PutItem);

        exchange.Restart(Exchange.HallIndex);
        exchange.Drain(next: _ => 0);

        Assert.Empty(exchange.Alice.Inventory);
        Assert.Single(exchange.Rooms[TestWorlds.Hall].Floor, i => i.KindId == TestWorlds.Lantern);
        Assert.Empty(exchange.Rooms[TestWorlds.Hall].Transfers.Outbox);
        exchange.AssertEveryItemIsInExactlyOnePlace();
    }

    [Fact]
    public void Duplicate_give_while_the_receipt_is_open_is_only_confirmed()
    {
        var exchange = new Exchange(duplicate: true);
        exchange.Command(new Cmd.Get("lantern"));
        exchange.DeliverWhere(m => m is RoomRequests.TakeItem);
        exchange.Lose(m => m is RoomRequests.TakeItem);
        exchange.DeliverWhere(m => m is GiveItem);
        exchange.DeliverWhere(m => m is GiveItem);

        Assert.Single(exchange.Alice.Inventory, i => i.KindId == TestWorlds.Lantern);
        Assert.Equal(4, exchange.InFlight.Count(m => m is RoomRequests.ConfirmTransfer));
        exchange.Drain(next: _ => 0);
        exchange.AssertEveryItemIsInExactlyOnePlace();
        exchange.AssertEveryReceiptIsClosed();
    }

    /// <summary>
    /// The hall restarts while its give is in flight and re-sends it. One copy arrives, is confirmed and its receipt
    /// closed; Alice drops the lantern back; then the other copy arrives. Nothing in the protocol stops a copy sent
    /// before the close from arriving after it.
    /// </summary>
    [Fact]
    public void Give_copy_arriving_after_its_receipt_was_closed_does_not_duplicate_the_item()
    {
        var exchange = new Exchange(duplicate: false);
        exchange.Command(new Cmd.Get("lantern"));
        exchange.DeliverWhere(m => m is RoomRequests.TakeItem);
        exchange.Restart(Exchange.HallIndex);
        Assert.Equal(2, exchange.InFlight.Count(m => m is GiveItem));

        exchange.DeliverWhere(m => m is GiveItem);
        exchange.DeliverWhere(m => m is RoomRequests.ConfirmTransfer);
        exchange.DeliverWhere(m => m is CloseReceipt);
        Assert.Empty(exchange.Alice.Transfers.OpenReceipts);
        exchange.Command(new Cmd.Drop("lantern"));
        exchange.Drain(next: count => count - 1);

        exchange.AssertEveryItemIsInExactlyOnePlace();
        Assert.Empty(exchange.Alice.Inventory);
        Assert.Single(exchange.Rooms[TestWorlds.Hall].Floor, i => i.KindId == TestWorlds.Lantern);
    }

    /// <summary>The same on the drop side: Alice restarts and re-sends her put; the first copy is accepted and
    /// closed, she picks the lantern up again, then the other copy arrives at the hall.</summary>
    [Fact]
    public void Put_copy_arriving_after_its_receipt_was_closed_does_not_duplicate_the_item()
    {
        var exchange = new Exchange(duplicate: false);
        exchange.Command(new Cmd.Get("lantern"));
        exchange.Drain(next: _ => 0);
        exchange.Command(new Cmd.Drop("lantern"));
        exchange.Restart(0);
        Assert.Equal(2, exchange.InFlight.Count(m => m is RoomRequests.PutItem));

        exchange.DeliverWhere(m => m is RoomRequests.PutItem);
        exchange.DeliverWhere(m => m is TransferAccepted);
        exchange.DeliverWhere(m => m is RoomRequests.CloseReceipt);
        Assert.Empty(exchange.Rooms[TestWorlds.Hall].Transfers.OpenReceipts);
        exchange.Command(new Cmd.Get("lantern"));
        exchange.Drain(next: count => count - 1);

        exchange.AssertEveryItemIsInExactlyOnePlace();
        Assert.Single(exchange.Alice.Inventory, i => i.KindId == TestWorlds.Lantern);
        Assert.DoesNotContain(exchange.Rooms[TestWorlds.Hall].Floor, i => i.KindId == TestWorlds.Lantern);
    }

    /// <summary>
    /// Alice, the hall and the garden, with a hand-routed network. Each entity keeps a journal; a restart rebuilds the
    /// entity from it (as recovery would) and re-sends its pending transfers.
    /// </summary>
    private sealed class Exchange
    {
        public const int HallIndex = 1;

        private readonly bool _duplicate;
        private readonly Func<string> _transferIds = TestWorlds.TransferIds("x");
        private readonly List<ICharacterEvent> _aliceJournal = [];
        private readonly Dictionary<string, List<IRoomEvent>> _roomJournals = new()
        {
            [TestWorlds.Hall] = [],
            [TestWorlds.Garden] = [],
        };

        private readonly IReadOnlyList<string> _allItemIds;
        private readonly Dictionary<Type, int> _delivered = [];
        private readonly List<string> _lateCopies = [];

        public Exchange(bool duplicate)
        {
            _duplicate = duplicate;
            Rooms = _roomJournals.Keys.ToDictionary(id => id, id => RoomState.Initial(World.Room(id)));
            _allItemIds = Rooms.Values.SelectMany(r => r.Floor).Select(i => i.Id).ToList();
            Alice = CharacterState.Unborn("alice");
            var arrival = Alice.Arrive("Alice", World);
            Persist(arrival.Events);
            Send(arrival.Messages);
        }

        public CharacterState Alice { get; private set; }

        public Dictionary<string, RoomState> Rooms { get; }

        public List<IEntityMessage> InFlight { get; } = [];

        public void Command(Cmd.PlayerCommand command)
        {
            var decision = Alice.Decide(command, Context(), null);
            Persist(decision.Events);
            Send(decision.Messages);
        }

        /// <summary>How many messages of this type have been delivered.</summary>
        public int Delivered<T>()
            where T : IEntityMessage => _delivered.GetValueOrDefault(typeof(T));

        public void DeliverAt(int index)
        {
            var message = InFlight[index];
            InFlight.RemoveAt(index);
            _delivered[message.GetType()] = Delivered(message) + 1;
            NoteLateCopy(message);

            // CloseReceipt goes both ways: a room closes what Alice gave it, Alice closes what a room gave her.
            switch (message)
            {
                case IRoomRequest request:
                    Assert.True(Rooms.ContainsKey(request.RoomId), $"{message} is for a room outside the exchange.");
                    var room = Rooms[request.RoomId];
                    var roomDecision = room.Decide(request, World, _transferIds);
                    _roomJournals[request.RoomId].AddRange(roomDecision.Events);
                    Rooms[request.RoomId] = room.ApplyAll(roomDecision.Events);
                    Send(roomDecision.Messages);
                    break;
                case ICharacterMessage toCharacter:
                    Assert.Equal("alice", toCharacter.CharacterId);
                    var decision = Alice.Receive(toCharacter, Context());
                    Persist(decision.Events);
                    Send(decision.Messages);
                    break;
                default:
                    throw new InvalidOperationException($"Cannot route {message}.");
            }
        }

        public void DeliverWhere(Func<IEntityMessage, bool> match) => DeliverAt(InFlight.FindIndex(m => match(m)));

        public void Lose(Func<IEntityMessage, bool> match) => InFlight.RemoveAll(m => match(m));

        public void Drain(Func<int, int> next)
        {
            while (InFlight.Count > 0)
            {
                DeliverAt(next(InFlight.Count));
            }
        }

        /// <summary>0: Alice restarts; 1: the hall; 2: the garden.</summary>
        public void Restart(int which)
        {
            if (which == 0)
            {
                Alice = CharacterState.Unborn("alice").ApplyAll(_aliceJournal);
                Send(Alice.PendingDeliveries());
                return;
            }

            var roomId = which == HallIndex ? TestWorlds.Hall : TestWorlds.Garden;
            Rooms[roomId] = RoomState.Initial(World.Room(roomId)).ApplyAll(_roomJournals[roomId]);
            Send(Rooms[roomId].PendingDeliveries());
        }

        /// <summary>Deliver everything, with every entity re-sending what is pending, until nothing is in transit.</summary>
        public void Settle(Random random)
        {
            for (var round = 0; round < 10 && (InFlight.Count > 0 || AnyPending()); round++)
            {
                Restart(0);
                Restart(1);
                Restart(2);
                while (InFlight.Count > 0)
                {
                    DeliverAt(random.Next(InFlight.Count));
                    AssertEveryItemIsInExactlyOnePlace();
                }
            }
        }

        /// <summary>Every receipt opened (Alice's and the rooms') has been closed by its giver.</summary>
        public void AssertEveryReceiptIsClosed()
        {
            Assert.Empty(Alice.Transfers.OpenReceipts);
            Assert.All(Rooms.Values, r => Assert.Empty(r.Transfers.OpenReceipts));
        }

        /// <summary>
        /// Each item is on one floor, in the pack, or in transit in one sender's outbox. An outbox entry whose
        /// receiver has opened a receipt for it only waits for the confirmation: it is not a copy of the item. A
        /// receipt is closed only once the giver has dropped the entry from its outbox, so an outbox entry is never
        /// left counted for a transfer its receiver has closed.
        /// </summary>
        public void AssertEveryItemIsInExactlyOnePlace()
        {
            foreach (var transfer in Rooms.Values.SelectMany(r => r.Transfers.Outbox.Values))
            {
                Assert.False(
                    Closed(_aliceJournal.OfType<CharacterEvents.ReceiptClosed>().Select(e => e.TransferId), transfer.TransferId)
                        && !Alice.Transfers.HasReceived(transfer.TransferId),
                    $"Alice closed {transfer.TransferId} while it is still in the outbox of its room.");
            }

            foreach (var transfer in Alice.Transfers.Outbox.Values)
            {
                Assert.False(
                    Closed(_roomJournals[transfer.ToEntityId].OfType<RoomEvents.ReceiptClosed>().Select(e => e.TransferId), transfer.TransferId)
                        && !Rooms[transfer.ToEntityId].Transfers.HasReceived(transfer.TransferId),
                    $"{transfer.ToEntityId} closed {transfer.TransferId} while it is still in Alice's outbox.");
            }

            foreach (var itemId in _allItemIds)
            {
                var places = new List<string>();
                places.AddRange(Rooms.Values.Where(r => r.Floor.Any(i => i.Id == itemId)).Select(r => $"floor of {r.RoomId}"));
                if (Alice.Inventory.Any(i => i.Id == itemId))
                {
                    places.Add("Alice's pack");
                }

                places.AddRange(Rooms.Values
                    .SelectMany(r => r.Transfers.Outbox.Values.Select(t => (Room: r, Transfer: t)))
                    .Where(x => x.Transfer.Item.Id == itemId && !Alice.Transfers.HasReceived(x.Transfer.TransferId))
                    .Select(x => $"outbox of {x.Room.RoomId} ({x.Transfer.TransferId})"));
                places.AddRange(Alice.Transfers.Outbox.Values
                    .Where(t => t.Item.Id == itemId && !Rooms[t.ToEntityId].Transfers.HasReceived(t.TransferId))
                    .Select(t => $"Alice's outbox ({t.TransferId})"));

                Assert.True(
                    places.Count == 1,
                    $"{itemId} is in {places.Count} places: [{string.Join(", ", places)}]. "
                    + $"Copies delivered after their receipt was closed: [{string.Join(", ", _lateCopies)}].");
            }

            Assert.Equal(_allItemIds.Count, Alice.Inventory.Count + Rooms.Values.Sum(r => r.Floor.Count)
                + Rooms.Values.Sum(r => r.Transfers.Outbox.Values.Count(t => !Alice.Transfers.HasReceived(t.TransferId)))
                + Alice.Transfers.Outbox.Values.Count(t => !Rooms[t.ToEntityId].Transfers.HasReceived(t.TransferId)));
        }

        private static bool Closed(IEnumerable<string> closedIds, string transferId) => closedIds.Contains(transferId);

        private int Delivered(IEntityMessage message) => _delivered.GetValueOrDefault(message.GetType());

        /// <summary>Records a give or put that reaches its receiver after the receiver closed that transfer.</summary>
        private void NoteLateCopy(IEntityMessage message)
        {
            var late = message switch
            {
                GiveItem g => _aliceJournal.OfType<CharacterEvents.ReceiptClosed>().Any(e => e.TransferId == g.TransferId)
                    && !Alice.Transfers.HasReceived(g.TransferId),
                RoomRequests.PutItem p => _roomJournals[p.RoomId].OfType<RoomEvents.ReceiptClosed>().Any(e => e.TransferId == p.TransferId)
                    && !Rooms[p.RoomId].Transfers.HasReceived(p.TransferId),
                _ => false,
            };
            if (late)
            {
                _lateCopies.Add(message.ToString()!);
            }
        }

        private bool AnyPending() => Alice.Transfers.Outbox.Count > 0 || Rooms.Values.Any(r => r.Transfers.Outbox.Count > 0);

        private CharacterContext Context() => new(World, _transferIds, Online: true);

        private void Persist(IReadOnlyList<ICharacterEvent> events)
        {
            _aliceJournal.AddRange(events);
            Alice = Alice.ApplyAll(events);
        }

        private void Send(IEnumerable<IEntityMessage> messages)
        {
            foreach (var message in messages)
            {
                InFlight.Add(message);
                if (_duplicate)
                {
                    InFlight.Add(message);
                }
            }
        }
    }
}
