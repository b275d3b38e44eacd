using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;

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

    protected EventSourcedEntity(string persistenceId, TState initial)
    {
        PersistenceId = persistenceId;
        State = initial;
        Recover<SnapshotOffer>(offer => State = (TState)offer.Snapshot);
        Recover<TEvent>(e => State = Apply(State, e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Command<Redeliver>(_ => RedeliverPending());
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Log.Warning(f.Cause, "Old snapshots of {0} were not deleted", PersistenceId));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected TState State { get; private set; }

    protected abstract TState Apply(TState state, TEvent @event);

    /// <summary>Messages for transfers this entity persisted as sent but the receiver has not confirmed.</summary>
    protected abstract int SendPendingTransfers();

    /// <summary>Persists <paramref name="events"/> (all or nothing, in order), then runs <paramref name="then"/>.
    /// With no events, <paramref name="then"/> runs at once.</summary>
    protected void PersistThen(IReadOnlyList<TEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            State = Apply(State, e);
            if (--remaining > 0)
            {
                return;
            }

            then();
            if (LastSequenceNr % SnapshotEvery < events.Count && LastSequenceNr >= SnapshotEvery)
            {
                SaveSnapshot(State);
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
    protected void Passivate() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));

    protected virtual void OnRecovered() => RedeliverPending();

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Could not persist {0} for {1}; the entity stops and will recover from the journal", @event.GetType().Name, PersistenceId);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void RedeliverPending() => ScheduleRedelivery(SendPendingTransfers() > 0);

    private sealed class Redeliver
    {
        public static Redeliver Instance { get; } = new();
    }
}
