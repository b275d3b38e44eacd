using System.Threading.Channels;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>
/// What the operator host asks the node's <see cref="OperatorActor"/>. Local only (the host and the actor share a
/// process), so none of these is serialized; the actor reaches other nodes through their presence actors.
/// </summary>
public static class OperatorMessages
{
    /// <summary>Runs a parsed command; answered with a <see cref="CommandResponse"/> (Ok = false: the command ran and failed).</summary>
    public sealed record Run(ParsedCommand Command);

    /// <summary>Starts a stream (<c>cluster tail</c>) writing into <paramref name="Lines"/>; answered with the
    /// <see cref="Akka.Actor.IActorRef"/> of the streaming actor, which the host stops when the client hangs up.</summary>
    public sealed record StartStream(ParsedCommand Command, ChannelWriter<StreamLine> Lines);
}
