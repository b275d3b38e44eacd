using Akka.Actor;
using Akka.Event;
using static ExVenture.Actors.Operator.OperatorMessages;

namespace ExVenture.Actors.Operator;

/// <summary>
/// Executes operator commands on this node (one per node, at <c>/user/operator</c>), asked by the operator host with a
/// timeout. Thin: the commands live in <see cref="OperatorCommands"/>; it runs them off its mailbox and pipes each
/// answer back, so a slow command (a leave, a cluster-wide <c>who</c>) never holds up the next.
/// </summary>
public sealed class OperatorActor : ReceiveActor
{
    public const string Name = "operator";

    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="requestShutdown">Stops the node the way SIGTERM does (the host's graceful stop).</param>
    public OperatorActor(OperatorNodeOptions options, Action requestShutdown)
    {
        var commands = new OperatorCommands(Context.System, options, requestShutdown);
        Receive<Run>(run =>
        {
            _log.Info("Operator command: {0} {1} {2}", run.Command.Palette, run.Command.Name, string.Join(' ', run.Command.Words));
            commands.RunAsync(run.Command).PipeTo(Sender, failure: e => OperatorReplies.Failed($"The command failed: {e.GetBaseException().Message}"));
        });
        Receive<StartStream>(start => Sender.Tell(Context.ActorOf(ClusterTailActor.Props(start.Lines))));
    }

    public static Props Props(OperatorNodeOptions options, Action requestShutdown) =>
        Akka.Actor.Props.Create(() => new OperatorActor(options, requestShutdown));
}
