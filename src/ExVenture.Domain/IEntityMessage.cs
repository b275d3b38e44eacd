namespace ExVenture.Domain;

/// <summary>
/// A message from one entity to another (room or character). The Akka layer routes it through cluster sharding
/// by the id it carries and serializes it with the game's own serializer (never Akka's JSON default).
/// </summary>
public interface IEntityMessage;
