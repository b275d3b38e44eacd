using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace ExVenture.Actors.ClusterFormation;

/// <summary>
/// Says clearly in the log, every few seconds, when this node is not yet a cluster member and which seeds it is
/// waiting for (Akka keeps retrying the join by itself); and when it has joined, how long it took.
/// </summary>
public sealed class ClusterJoinMonitor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DateTime _started = DateTime.UtcNow;

    public ClusterJoinMonitor(IReadOnlyList<string> seeds)
    {
        var cluster = Cluster.Get(Context.System);
        var waitingFor = seeds.Count == 0 ? "itself" : string.Join(", ", seeds);
        Receive<Report>(_ => _log.Warning(
            "Not a cluster member yet after {0:F0} s: no answer from seed nodes [{1}]; still trying. Players are not served until this node has joined (/healthz answers 503).",
            (DateTime.UtcNow - _started).TotalSeconds,
            waitingFor));
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address != cluster.SelfAddress)
            {
                return;
            }

            _log.Info("Joined the cluster as {0} after {1:F1} s; serving players.", cluster.SelfAddress, (DateTime.UtcNow - _started).TotalSeconds);
            Context.Stop(Self);
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
        Timers.StartPeriodicTimer(nameof(Report), Report.Instance, ReportEvery);
    }

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private sealed class Report
    {
        public static Report Instance { get; } = new();
    }
}
