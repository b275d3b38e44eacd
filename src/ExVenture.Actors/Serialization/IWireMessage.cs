namespace ExVenture.Actors.Serialization;

/// <summary>
/// Marker for actor-layer messages that may cross nodes and are not entity messages (those implement
/// <see cref="ExVenture.Domain.IEntityMessage"/>). Bound to <see cref="GameSerializer"/> in hocon/serialization.hocon.
/// </summary>
public interface IWireMessage;
