using Akka.Actor;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Sharding;
using Akka.Event;
using ExVenture.Domain;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;

namespace ExVenture.Actors.Rooms;

/// <summary>
/// One room, sharded by room id and event-sourced: its presence list, its floor and its outgoing item transfers.
/// Rules live in <see cref="RoomState"/>; this actor persists, then sends what the state decided.
/// </summary>
/// <remarks>
/// What occupants see (<see cref="CharacterMessages.Deliver"/>) goes straight to their character actors, whose
/// refs the room learns from the requests they send it and forgets when those actors stop. A crowded room sends
/// one delivery per occupant for every line said in it; through the shard region, every one of them would queue
/// behind all of the node's other entity traffic in that single actor. A character the room has no live ref for
/// (it never spoke since the room started, or its actor moved to another node) is reached through the region as
/// before, and so is everything that must arrive (item transfers, which are re-sent until confirmed).
/// </remarks>
public sealed class RoomActor : EventSourcedEntity<RoomState, IRoomEvent>
{
    private readonly GameWorld _world;
    private readonly Dictionary<string, IActorRef> _occupantActors = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _occupantIds = [];

    /// <param name="journal">The journal of the room's home region (<see cref="RegionJournals.For"/>).</param>
    public RoomActor(RoomDefinition room, GameWorld world, EntityRouter router, EntityJournal journal)
        : base("room-" + room.Id, RoomState.Initial(room), router, journal)
    {
        _world = world;
        Command<RoomLinks.Release>(release =>
        {
            if (_occupantActors.TryGetValue(release.CharacterId, out var linked) && linked.Equals(Sender))
            {
                Forget(linked);
            }

            Sender.Tell(new RoomLinks.Released(release.RoomId));
        });
        Command<IRoomRequest>(request =>
        {
            Learn(request);
            Execute(State.Decide(request, _world, NewTransferId), request.CharacterId);
        });
        Command<Terminated>(terminated => Forget(terminated.ActorRef));
        Command<ReceiveTimeout>(_ =>
        {
            if (State.Occupants.IsEmpty && State.Transfers.Outbox.IsEmpty)
            {
                Passivate();
            }
        });
    }

    /// <summary>Props for a room id; an id the world does not know gets an actor that answers and stops.</summary>
    /// <param name="homeRegionOf">The room's home region (<see cref="EntityShards.RoomHomes"/>), which picks its journal
    /// from <paramref name="journals"/>.</param>
    public static Props Props(string roomId, GameWorld world, EntityRouter router, Func<string, string> homeRegionOf, RegionJournals journals)
    {
        if (!world.TryGetRoom(roomId, out var room))
        {
            return Akka.Actor.Props.Create(() => new MissingRoomActor(roomId));
        }

        var journal = journals.For(homeRegionOf(roomId));
        return Akka.Actor.Props.Create(() => new RoomActor(room, world, router, journal));
    }

    /// <summary>The room's database is unreachable: the character that asked hears so, as the answer to its command.</summary>
    protected override void OnUnreachable(IEntityMessage message, IActorRef sender)
    {
        if (message is IRoomRequest request && RoomState.UnreachableAnswer(request) is { } answer)
        {
            Send(answer);
        }
    }

    protected override RoomState Apply(RoomState state, IRoomEvent @event) => state.Apply(@event);

    protected override IReadOnlyList<IEntityMessage> PendingDeliveries(RoomState state) => state.PendingDeliveries();

    private void Execute(RoomDecision decision, string? requester) =>
        PersistThen(decision.Events, () =>
        {
            foreach (var message in decision.Messages)
            {
                if (message is CharacterMessages.Deliver delivery && _occupantActors.TryGetValue(delivery.CharacterId, out var occupant))
                {
                    occupant.Tell(delivery, Self);
                }
                else
                {
                    Send(message);
                }
            }

            if (requester is not null && !State.Occupants.ContainsKey(requester) && _occupantActors.TryGetValue(requester, out var left))
            {
                Forget(left);
            }

            ScheduleRedelivery(State.Transfers.Unsettled);
        });

    /// <summary>Remembers the actor of the character that sent <paramref name="request"/>: requests from
    /// characters come from their entity actors (<see cref="EventSourcedEntity{TState,TEvent}.Send"/>).</summary>
    private void Learn(IRoomRequest request)
    {
        if (request.CharacterId is not { } id || Sender.IsNobody() || Sender.Equals(Context.System.DeadLetters) ||
            (_occupantActors.TryGetValue(id, out var known) && known.Equals(Sender)))
        {
            return;
        }

        if (known is not null)
        {
            Forget(known);
        }

        _occupantActors[id] = Sender;
        _occupantIds[Sender] = id;
        Context.Watch(Sender);
    }

    private void Forget(IActorRef actor)
    {
        if (_occupantIds.Remove(actor, out var id))
        {
            _occupantActors.Remove(id);
            Context.Unwatch(actor);
        }
    }

    /// <summary>Stands in for a room id the loaded world does not have (a stale id): logs it and stops.
    /// Characters never stand in such a room: <see cref="CharacterState.Arrive"/> relocates them first.</summary>
    private sealed class MissingRoomActor : ReceiveActor
    {
        public MissingRoomActor(string roomId)
        {
            Receive<StopEntity>(_ => Context.Stop(Self));
            ReceiveAny(message =>
            {
                Context.GetLogger().Warning("{0} for room '{1}', which is not in the world; dropped", message.GetType().Name, roomId);
                Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(StopEntity.Instance));
            });
        }
    }
}
