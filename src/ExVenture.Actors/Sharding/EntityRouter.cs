using Akka.Actor;
using Akka.Hosting;
using ExVenture.Domain;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Rooms;

namespace ExVenture.Actors.Sharding;

/// <summary>Registry keys for the two shard regions.</summary>
public sealed class CharacterRegion;

public sealed class RoomRegion;

/// <summary>Sends an entity message to the shard region that owns its entity.</summary>
public sealed class EntityRouter(IActorRef characters, IActorRef rooms)
{
    public static EntityRouter From(IReadOnlyActorRegistry registry) =>
        new(registry.Get<CharacterRegion>(), registry.Get<RoomRegion>());

    public IActorRef Characters { get; } = characters;

    public IActorRef Rooms { get; } = rooms;

    public void Send(IEntityMessage message, IActorRef sender)
    {
        switch (message)
        {
            case ICharacterMessage:
                Characters.Tell(message, sender);
                break;
            case IRoomRequest:
                Rooms.Tell(message, sender);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "Not routable to an entity.");
        }
    }
}
