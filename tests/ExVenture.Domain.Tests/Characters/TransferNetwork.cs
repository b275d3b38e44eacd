using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>
/// Every room of <see cref="TestWorlds.Small"/> and any number of characters, joined by a hand-routed network that
/// delivers in the order the test chooses (first in, first out by default). Each entity keeps a journal. An entity
/// can crash: it loses what was on its way to it and everything sent to it while it is down; on recovery it is
/// rebuilt from its journal (as Akka persistence would) and re-sends its pending transfers.
/// </summary>
internal sealed class TransferNetwork
{
    private static readonly GameWorld World = TestWorlds.Small;

    private readonly Func<string> _transferIds = TestWorlds.TransferIds("x");
    private readonly Dictionary<string, List<ICharacterEvent>> _characterJournals = [];
    private readonly Dictionary<string, List<IRoomEvent>> _roomJournals;
    private readonly HashSet<string> _down = [];
    private readonly HashSet<string> _offline = [];

    public TransferNetwork()
    {
        Rooms = World.Rooms.ToDictionary(r => r.Id, RoomState.Initial);
        _roomJournals = World.Rooms.ToDictionary(r => r.Id, _ => new List<IRoomEvent>());
    }

    public Dictionary<string, CharacterState> Characters { get; } = [];

    public Dictionary<string, RoomState> Rooms { get; }

    public List<IEntityMessage> InFlight { get; } = [];

    public IReadOnlyList<IRoomEvent> RoomJournal(string roomId) => _roomJournals[roomId];

    public IReadOnlyList<ICharacterEvent> CharacterJournal(string characterId) => _characterJournals[characterId];

    public void Arrive(string id, string name)
    {
        Assert.False(Characters.TryGetValue(id, out var existing) && existing.Exists, $"{id} has already arrived.");
        if (existing is null)
        {
            Characters[id] = CharacterState.Unborn(id);
            _characterJournals[id] = [];
        }

        _offline.Remove(id);
        var decision = Characters[id].Arrive(name, World);
        Persist(id, decision.Events);
        Send(decision.Messages);
    }

    public CharacterDecision Command(string id, Cmd.PlayerCommand command)
    {
        Assert.DoesNotContain(id, _down);
        var decision = Characters[id].Decide(command, Context(id), null);
        Persist(id, decision.Events);
        Send(decision.Messages);
        if (decision.EndSession)
        {
            _offline.Add(id);
        }

        return decision;
    }

    /// <summary>The character types the command, then everything in flight is delivered.</summary>
    public void Play(string id, params Cmd.PlayerCommand[] commands)
    {
        foreach (var command in commands)
        {
            Command(id, command);
            Drain();
        }
    }

    /// <summary>Delivers the first message in flight that matches; returns the events its receiver persisted.</summary>
    public IReadOnlyList<object> DeliverWhere(Func<IEntityMessage, bool> match)
    {
        var index = InFlight.FindIndex(m => match(m));
        Assert.True(index >= 0, $"No matching message in flight: [{string.Join(", ", InFlight)}].");
        return DeliverAt(index);
    }

    public void Drain()
    {
        while (InFlight.Count > 0)
        {
            DeliverAt(0);
        }
    }

    /// <summary>The character is deleted as its entity deletes it (only with nothing in transit): it leaves its room,
    /// and its journal is gone. What is still on its way to it reaches the unborn character that takes its place.</summary>
    public void Delete(string id)
    {
        Assert.Null(Characters[id].DeletionRefusal());
        Send(Characters[id].Depart().Messages);
        Characters[id] = CharacterState.Unborn(id);
        _characterJournals[id] = [];
        _offline.Add(id);
    }

    /// <summary>The entity stops: whatever was on its way to it is lost, and so is anything sent to it until it recovers.</summary>
    public void Crash(string entityId)
    {
        Assert.True(Rooms.ContainsKey(entityId) || Characters.ContainsKey(entityId), $"No entity {entityId}.");
        _down.Add(entityId);
        InFlight.RemoveAll(m => AddressOf(m) == entityId);
    }

    /// <summary>The entity is rebuilt from its journal alone and re-sends what it has not had confirmed.</summary>
    public void Recover(string entityId)
    {
        Assert.True(_down.Remove(entityId), $"{entityId} is not down.");
        if (Rooms.ContainsKey(entityId))
        {
            Rooms[entityId] = RoomState.Initial(World.Room(entityId)).ApplyAll(_roomJournals[entityId]);
            Send(Rooms[entityId].PendingDeliveries());
        }
        else
        {
            Characters[entityId] = CharacterState.Unborn(entityId).ApplyAll(_characterJournals[entityId]);
            Send(Characters[entityId].PendingDeliveries());
        }
    }

    /// <summary>
    /// Where an item is: on floors, in packs, or in transit in an outbox whose receiver has not opened a receipt for
    /// that transfer (once it has, the receiver holds the item and the outbox entry only awaits the confirmation).
    /// </summary>
    public IReadOnlyList<string> PlacesOf(string itemId)
    {
        var places = new List<string>();
        places.AddRange(Rooms.Values.Where(r => r.Floor.Any(i => i.Id == itemId)).Select(r => $"floor of {r.RoomId}"));
        places.AddRange(Characters.Values.Where(c => c.Inventory.Any(i => i.Id == itemId)).Select(c => $"pack of {c.Id}"));
        places.AddRange(Rooms.Values
            .SelectMany(r => r.Transfers.Outbox.Values.Select(t => (Giver: r.RoomId, Transfer: t)))
            .Concat(Characters.Values.SelectMany(c => c.Transfers.Outbox.Values.Select(t => (Giver: c.Id, Transfer: t))))
            .Where(x => x.Transfer.Item.Id == itemId && !ReceiverHasOpened(x.Transfer.ToEntityId, x.Transfer.TransferId))
            .Select(x => $"outbox of {x.Giver} ({x.Transfer.TransferId})"));
        return places;
    }

    private bool ReceiverHasOpened(string receiverId, string transferId) =>
        Rooms.TryGetValue(receiverId, out var room)
            ? room.Transfers.HasReceived(transferId)
            : Characters[receiverId].Transfers.HasReceived(transferId);

    private static string AddressOf(IEntityMessage message) => message switch
    {
        IRoomRequest r => r.RoomId,
        ICharacterMessage c => c.CharacterId,
        _ => throw new InvalidOperationException($"Cannot route {message}."),
    };

    private IReadOnlyList<object> DeliverAt(int index)
    {
        var message = InFlight[index];
        InFlight.RemoveAt(index);
        if (_down.Contains(AddressOf(message)))
        {
            return [];
        }

        switch (message)
        {
            case IRoomRequest request:
                var room = Rooms[request.RoomId];
                var roomDecision = room.Decide(request, World, _transferIds);
                _roomJournals[request.RoomId].AddRange(roomDecision.Events);
                Rooms[request.RoomId] = room.ApplyAll(roomDecision.Events);
                Send(roomDecision.Messages);
                return [.. roomDecision.Events];
            case ICharacterMessage toCharacter:
                var decision = Characters[toCharacter.CharacterId].Receive(toCharacter, Context(toCharacter.CharacterId));
                Persist(toCharacter.CharacterId, decision.Events);
                Send(decision.Messages);
                return [.. decision.Events];
            default:
                throw new InvalidOperationException($"Cannot route {message}.");
        }
    }

    private CharacterContext Context(string characterId) => new(World, _transferIds, Online: !_offline.Contains(characterId));

    private void Persist(string characterId, IReadOnlyList<ICharacterEvent> events)
    {
        _characterJournals[characterId].AddRange(events);
        Characters[characterId] = Characters[characterId].ApplyAll(events);
    }

    private void Send(IEnumerable<IEntityMessage> messages) => InFlight.AddRange(messages);
}
