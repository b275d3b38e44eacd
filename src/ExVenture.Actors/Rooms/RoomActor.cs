using Akka.Actor;
using ExVenture.Actors.Entities;
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
public sealed class RoomActor : EventSourcedEntity<RoomState, IRoomEvent>
{
    private readonly GameWorld _world;

    public RoomActor(RoomDefinition room, GameWorld world, EntityRouter router)
        : base("room-" + room.Id, RoomState.Initial(room), router)
    {
        _world = world;
        Command<IRoomRequest>(request => Execute(State.Decide(request, _world, NewTransferId)));
        Command<ReceiveTimeout>(_ =>
        {
            if (State.Occupants.IsEmpty && State.Transfers.Outbox.IsEmpty)
            {
                Passivate();
            }
        });
    }

    /// <summary>Props for a room id; an id the world does not know gets an actor that answers and stops.</summary>
    public static Props Props(string roomId, GameWorld world, EntityRouter router) =>
        world.TryGetRoom(roomId, out var room)
            ? Akka.Actor.Props.Create(() => new RoomActor(room, world, router))
            : Akka.Actor.Props.Create(() => new MissingRoomActor(roomId));

    protected override RoomState Apply(RoomState state, IRoomEvent @event) => state.Apply(@event);

    protected override IReadOnlyList<IEntityMessage> PendingDeliveries(RoomState state) => state.PendingDeliveries();

    private void Execute(RoomDecision decision) =>
        PersistThen(decision.Events, () =>
        {
            foreach (var message in decision.Messages)
            {
                Send(message);
            }

            ScheduleRedelivery(State.Transfers.Unsettled);
        });

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
