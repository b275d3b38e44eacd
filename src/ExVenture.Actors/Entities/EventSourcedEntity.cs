using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using ExVenture.Actors.Sharding;
using ExVenture.Domain;

namespace ExVenture.Actors.Entities;

/// <summary>
/// What rooms and characters share as sharded, event-sourced actors: persist a decision's events before anything
/// is said about them, snapshot every <see cref="SnapshotEvery"/> events, re-send unconfirmed item transfers on a
/// timer, and passivate when idle. The game rules stay in the state records; subclasses only translate.
/// </summary>
public abstract class EventSourcedEntity<TState, TEvent> : ReceivePersistentActor, IWithTimers
    where TState : class
    where TEvent : class
{
    public const int SnapshotEvery = 100;
    private const string RedeliverTimer = "redeliver";
    private static readonly TimeSpan RedeliverInterval = TimeSpan.FromSeconds(3);

    // One entry per write in flight, oldest first: what to run once that write is durable, including the
    // effects of event-less decisions taken while it was in flight (so effects keep their decision order).
    private readonly LinkedList<List<Action>> _afterWrites = new();
    private bool _snapshotDue;
    private bool _stopping;

    /// <summary>How long an entity with nothing to do stays in memory before it passivates.</summary>
    protected static readonly TimeSpan IdleBeforePassivation = TimeSpan.FromMinutes(2);

    protected EventSourcedEntity(string persistenceId, TState initial, EntityRouter router)
    {
        PersistenceId = persistenceId;
        Router = router;
        State = initial;
        Recover<SnapshotOffer>(offer => State = (TState)offer.Snapshot);
        Recover<TEvent>(e => State = Apply(State, e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Command<Redeliver>(_ => RedeliverPending());
        Command<StopEntity>(_ => StopWhenQuiet());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Log.Warning(f.Cause, "Old snapshots of {0} were not deleted", PersistenceId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected TState State { get; private set; }

    protected EntityRouter Router { get; }

    protected abstract TState Apply(TState state, TEvent @event);

    /// <summary>What the state says must be sent again (unconfirmed items, unclosed receipts).</summary>
    protected abstract IReadOnlyList<IEntityMessage> PendingDeliveries(TState state);

    /// <summary>A new transfer id: unique for all time, so receivers can recognise a repeated transfer.</summary>
    protected static string NewTransferId() => Guid.NewGuid().ToString("N");

    /// <summary>Sends an entity message through the shard region that owns its entity, from this entity.</summary>
    protected void Send(IEntityMessage message) => Router.Send(message, Self);

    /// <summary>True while no write is in flight: the state equals what the journal holds.</summary>
    protected bool Quiet => _afterWrites.Count == 0;

    /// <summary>
    /// Applies <paramref name="events"/> at once, so the next decision already sees them, writes them (all or
    /// nothing, in order) without blocking the mailbox, and runs <paramref name="then"/> once they are durable.
    /// A decision without events runs <paramref name="then"/> at once when nothing is in flight, otherwise after
    /// the writes before it, so players see effects in the order they were decided. Events of many commands are
    /// thus written in one journal batch instead of one round trip each. If a write fails, the entity stops and
    /// recovers from the journal: nothing it said rested on the lost events, because it said nothing before them.
    /// </summary>
    protected void PersistThen(IReadOnlyList<TEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            if (Quiet)
            {
                then();
            }
            else
            {
                _afterWrites.Last!.Value.Add(then);
            }

            return;
        }

        foreach (var e in events)
        {
            State = Apply(State, e);
        }

        var continuations = new List<Action> { then };
        _afterWrites.AddLast(continuations);
        var remaining = events.Count;
        PersistAllAsync(events, _ =>
        {
            if (--remaining > 0)
            {
                return;
            }

            // Journal handlers run in write order, so the write that just finished is the oldest in flight.
            _afterWrites.RemoveFirst();
            _snapshotDue |= LastSequenceNr / SnapshotEvery > (LastSequenceNr - events.Count) / SnapshotEvery;
            foreach (var continuation in continuations)
            {
                continuation();
            }

            // Only a quiet entity's state is exactly the journal up to LastSequenceNr, so only then is it a snapshot.
            if (_snapshotDue && Quiet)
            {
                _snapshotDue = false;
                SaveSnapshot(State);
            }

            if (_stopping && Quiet)
            {
                Context.Stop(Self);
            }
        });
    }

    /// <summary>Starts or stops the re-send timer after the outbox may have changed.</summary>
    protected void ScheduleRedelivery(bool pending)
    {
        if (pending && !Timers.IsTimerActive(RedeliverTimer))
        {
            Timers.StartPeriodicTimer(RedeliverTimer, Redeliver.Instance, RedeliverInterval);
        }
        else if (!pending)
        {
            Timers.Cancel(RedeliverTimer);
        }
    }

    /// <summary>Asks the shard to stop this entity; messages that arrive meanwhile are buffered and start it again.</summary>
    protected void Passivate() => Context.Parent.Tell(new Passivate(StopEntity.Instance));

    /// <summary>Stops at once, or as soon as the writes in flight are durable and their effects sent.</summary>
    private void StopWhenQuiet()
    {
        _stopping = true;
        if (Quiet)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>Runs once the entity has recovered, before its first command.</summary>
    protected virtual void OnRecoveryCompleted()
    {
    }

    private void OnRecovered()
    {
        RedeliverPending();
        Context.SetReceiveTimeout(IdleBeforePassivation);
        OnRecoveryCompleted();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Could not persist {0} for {1}; the entity stops and will recover from the journal", @event.GetType().Name, PersistenceId);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>Re-sends unconfirmed transfers, but never one whose "sent" event is still in flight: an item must
    /// not reach its receiver before it has durably left its sender.</summary>
    private void RedeliverPending() => ScheduleRedelivery(!Quiet || SendPendingTransfers() > 0);

    private int SendPendingTransfers()
    {
        var pending = PendingDeliveries(State);
        foreach (var message in pending)
        {
            Send(message);
        }

        return pending.Count;
    }

    private sealed class Redeliver
    {
        public static Redeliver Instance { get; } = new();
    }
}

/// <summary>
/// How the shard stops an entity (passivation and hand-off when a node leaves): unlike a PoisonPill, the entity
/// first lets its writes in flight finish and sends what they decided, so nothing it acknowledged is lost in a move.
/// </summary>
public sealed class StopEntity
{
    public static StopEntity Instance { get; } = new();
}
