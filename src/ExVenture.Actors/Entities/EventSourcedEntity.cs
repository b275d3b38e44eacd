using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Sharding;
using ExVenture.Domain;

namespace ExVenture.Actors.Entities;

/// <summary>
/// What rooms and characters share as sharded, event-sourced actors: persist a decision's events before anything
/// is said about them, snapshot every <see cref="SnapshotEvery"/> events, re-send unconfirmed item transfers on a
/// timer, passivate when idle, and delete the whole journal when the entity is deleted. The game rules stay in the
/// state records; subclasses only translate.
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
    private readonly LinkedList<WriteInFlight> _afterWrites = new();
    private bool _snapshotDue;
    private bool _snapshotInFlight;
    private bool _stopping;
    private JournalDeletion? _deletion;

    // Requests that arrived while recovering (Akka stashes them until recovery ends): if recovery fails, Akka stops
    // the actor and drops them, so this is the only record of whom to tell. Null once recovery has completed.
    private List<(IEntityMessage Message, IActorRef Sender)>? _arrivedDuringRecovery = [];

    // The entity message being handled (null for anything else): a write it causes remembers whom to tell if it fails.
    private (IEntityMessage Message, IActorRef Sender)? _handling;
    private bool _passivationRequested;

    /// <summary>How long an entity with nothing to do stays in memory before it passivates.</summary>
    protected static readonly TimeSpan IdleBeforePassivation = TimeSpan.FromMinutes(2);

    /// <param name="journal">Where this entity's events and snapshots live (its home region's database, or the
    /// primary). Set here, in the constructor: Akka reads the plugin ids only when recovery starts, after construction.</param>
    protected EventSourcedEntity(string persistenceId, TState initial, EntityRouter router, EntityJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        PersistenceId = persistenceId;
        JournalPluginId = journal.JournalPluginId;
        SnapshotPluginId = journal.SnapshotPluginId;
        Router = router;
        State = initial;
        Recover<SnapshotOffer>(offer => State = (TState)offer.Snapshot);
        Recover<TEvent>(e => State = Apply(State, e));
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Command<Redeliver>(_ =>
        {
            if (_deletion is null)
            {
                RedeliverPending();
            }
        });
        Command<StopEntity>(_ => StopWhenQuiet());
        Command<SaveSnapshotSuccess>(s =>
        {
            _snapshotInFlight = false;
            if (_deletion is null)
            {
                DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            }

            ContinueDeletion();
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshotInFlight = false;
            Log.Warning(f.Cause, "Snapshot of {0} failed; recovery will replay more events", PersistenceId);
            ContinueDeletion();
        });
        Command<DeleteSnapshotsSuccess>(s =>
        {
            if (IsDeletionOfAll(s.Criteria))
            {
                // Only now the events: had they gone first and this failed, an old snapshot would outlive the events
                // after it, and recovery would bring back an older state (items it has since given away included).
                DeleteMessages(LastSequenceNr);
            }
        });
        Command<DeleteSnapshotsFailure>(f =>
        {
            if (IsDeletionOfAll(f.Criteria))
            {
                FinishDeletion(f.Cause);
            }
            else
            {
                Log.Warning(f.Cause, "Old snapshots of {0} were not deleted", PersistenceId);
            }
        });
        Command<DeleteMessagesSuccess>(_ => FinishDeletion(null));
        Command<DeleteMessagesFailure>(f => FinishDeletion(f.Cause));
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
        if (events.Count > 0 && _deletion is not null)
        {
            throw new InvalidOperationException($"{PersistenceId} is being deleted; nothing may be persisted after its journal is gone.");
        }

        if (events.Count == 0)
        {
            if (Quiet)
            {
                then();
            }
            else
            {
                _afterWrites.Last!.Value.Add(then, _handling);
            }

            return;
        }

        foreach (var e in events)
        {
            State = Apply(State, e);
        }

        var write = new WriteInFlight();
        write.Add(then, _handling);
        _afterWrites.AddLast(write);
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
            foreach (var continuation in write.Continuations)
            {
                continuation();
            }

            // Only a quiet entity's state is exactly the journal up to LastSequenceNr, so only then is it a snapshot.
            if (_snapshotDue && Quiet && _deletion is null)
            {
                _snapshotDue = false;
                _snapshotInFlight = true;
                SaveSnapshot(State);
            }

            ContinueDeletion();
            StopIfDue();
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

    /// <summary>
    /// Deletes this entity's snapshots and then its events, once the writes and the snapshot in flight are done (so
    /// none lands after the deletion), and calls <paramref name="done"/> with null when both are gone, or with the
    /// error. From this call on the entity must persist nothing more: its next incarnation recovers an empty journal.
    /// Akka.Persistence.Sql keeps the highest sequence number as a deleted row, so that incarnation recovers empty
    /// and goes on numbering its events after it.
    /// </summary>
    protected void DeleteJournal(Action<Exception?> done)
    {
        if (_deletion is not null)
        {
            throw new InvalidOperationException($"The journal of {PersistenceId} is already being deleted.");
        }

        _deletion = new JournalDeletion(done);
        _snapshotDue = false;
        Timers.Cancel(RedeliverTimer);
        ContinueDeletion();
    }

    private bool DeletionRunning => _deletion is { Finished: false };

    private void ContinueDeletion()
    {
        if (_deletion is not { Started: false } deletion || !Quiet || _snapshotInFlight)
        {
            return;
        }

        deletion.Started = true;
        DeleteSnapshots(new SnapshotSelectionCriteria(long.MaxValue));
    }

    private bool IsDeletionOfAll(SnapshotSelectionCriteria criteria) =>
        _deletion is { Started: true, Finished: false } && criteria.MaxSequenceNr == long.MaxValue;

    private void FinishDeletion(Exception? failure)
    {
        if (_deletion is not { Started: true, Finished: false } deletion)
        {
            return;
        }

        deletion.Finished = true;
        deletion.Done(failure);
        if (_stopping)
        {
            // A deletion ends the entity whatever else it waited for: nothing of it is left to hand over.
            Context.Stop(Self);
        }
    }

    /// <summary>True when the entity may move its journal now: nothing in flight, no snapshot being saved, no deletion.</summary>
    protected bool ReadyToMove => Quiet && !_snapshotInFlight && _deletion is null;

    /// <summary>
    /// Moves this entity's state to another snapshot store (another region's database): the current state is saved
    /// there as a snapshot at <see cref="Eventsourced.LastSequenceNr"/>, then <paramref name="commit"/> records the move
    /// (from then on new incarnations use the new store and its journal, recovering from that snapshot and numbering
    /// new events after it), then the old events and snapshots are deleted. Call it only when <see cref="ReadyToMove"/>,
    /// from an async command handler (the mailbox waits), and stop the entity afterwards: this incarnation's journal
    /// is the old one. A failure before the commit leaves everything where it was; a failed clean-up after it is
    /// logged and leaves only unreachable rows.
    /// </summary>
    protected async Task MoveJournalAsync(string targetSnapshotPluginId, Func<Task> commit)
    {
        if (!ReadyToMove)
        {
            throw new InvalidOperationException($"{PersistenceId} has writes in flight; it cannot move now.");
        }

        var timeout = TimeSpan.FromSeconds(30);
        var sequenceNr = LastSequenceNr;
        if (sequenceNr > 0)
        {
            var store = Akka.Persistence.Persistence.Instance.Apply(Context.System).SnapshotStoreFor(targetSnapshotPluginId);
            var saved = await store.Ask<object>(new SaveSnapshot(new SnapshotMetadata(PersistenceId, sequenceNr, DateTime.UtcNow), State), timeout);
            if (saved is SaveSnapshotFailure failure)
            {
                throw new InvalidOperationException($"The snapshot of {PersistenceId} could not be written to {targetSnapshotPluginId}.", failure.Cause);
            }
        }

        await commit();

        if (sequenceNr == 0)
        {
            return;
        }

        try
        {
            var deleted = await Journal.Ask<object>(replyTo => new DeleteMessagesTo(PersistenceId, sequenceNr, replyTo), timeout, CancellationToken.None);
            if (deleted is DeleteMessagesFailure deleteFailure)
            {
                throw deleteFailure.Cause;
            }

            var snapshotsDeleted = await SnapshotStore.Ask<object>(
                new DeleteSnapshots(PersistenceId, new SnapshotSelectionCriteria(long.MaxValue)), timeout);
            if (snapshotsDeleted is DeleteSnapshotsFailure snapshotFailure)
            {
                throw snapshotFailure.Cause;
            }
        }
        catch (Exception e)
        {
            Log.Warning(e, "{0} moved, but its old events up to {1} were not deleted; they are no longer read", PersistenceId, sequenceNr);
        }
    }

    /// <summary>Stops at once, or as soon as the writes in flight are durable and their effects sent (and a
    /// journal deletion under way has finished, and the subclass is ready: <see cref="OnStopRequested"/>).</summary>
    private void StopWhenQuiet()
    {
        if (!_stopping)
        {
            _stopping = true;
            OnStopRequested();
        }

        StopIfDue();
    }

    /// <summary>The shard asked this entity to stop (hand-off or passivation). A subclass that must tidy up first
    /// (tell others to stop sending to this incarnation) starts that here, answers false from <see cref="ReadyToStop"/>
    /// until it is done, and then calls <see cref="StopIfDue"/>.</summary>
    protected virtual void OnStopRequested()
    {
    }

    protected virtual bool ReadyToStop => true;

    /// <summary>Stops now if a stop was asked for and nothing holds it back any more.</summary>
    protected void StopIfDue()
    {
        if (_stopping && Quiet && !DeletionRunning && ReadyToStop)
        {
            Context.Stop(Self);
        }
    }

    /// <summary>Runs once the entity has recovered, before its first command.</summary>
    protected virtual void OnRecoveryCompleted()
    {
    }

    /// <summary>
    /// Tells whoever sent <paramref name="message"/> that this entity could not be reached: its journal failed (its
    /// database is down) during recovery, before the message was handled, or while writing what the message decided,
    /// and the entity stops. Nothing the message decided was said; the next message starts the entity again and
    /// recovers from the journal. Default: say nothing.
    /// </summary>
    protected virtual void OnUnreachable(IEntityMessage message, IActorRef sender)
    {
    }

    /// <summary>
    /// Akka stops an entity whose journal failed, right after the failure hook. Stopping on its own, the entity would
    /// leave the shard sending it messages until the shard saw it terminate, and those would be lost (the player's next
    /// command among them, sent after it heard "unreachable"). Asking the shard to passivate it first, before anyone
    /// is answered, makes the shard buffer what comes next and start a new incarnation for it once this one is gone.
    /// </summary>
    private void PassivateBeforeStopping()
    {
        if (!_passivationRequested)
        {
            _passivationRequested = true;
            Context.Parent.Tell(new Passivate(StopEntity.Instance));
        }
    }

    /// <summary>Notes the entity messages that arrive while recovering, so a failed recovery can answer them.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        _handling = message is IEntityMessage entityMessage ? (entityMessage, Sender) : null;
        if (_arrivedDuringRecovery is not null && _handling is { } arrived)
        {
            _arrivedDuringRecovery.Add(arrived);
        }

        try
        {
            return base.AroundReceive(receive, message);
        }
        finally
        {
            _handling = null;
        }
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        var unanswered = _arrivedDuringRecovery ?? [];
        _arrivedDuringRecovery = null;
        PassivateBeforeStopping();
        Log.Error(reason, "{0} could not recover from its journal ({1}); it stops, and {2} request(s) are answered as unreachable", PersistenceId, JournalPluginId.Length == 0 ? "primary" : JournalPluginId, unanswered.Count);
        foreach (var (request, sender) in unanswered)
        {
            OnUnreachable(request, sender);
        }
    }

    private void OnRecovered()
    {
        _arrivedDuringRecovery = null;
        RedeliverPending();
        Context.SetReceiveTimeout(IdleBeforePassivation);
        OnRecoveryCompleted();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "Could not persist {0} for {1}; the entity stops and will recover from the journal", @event.GetType().Name, PersistenceId);
        base.OnPersistFailure(cause, @event, sequenceNr);
        PassivateBeforeStopping();

        // Akka stops the entity now: every decision still waiting on a write is lost unsaid (none was acknowledged),
        // so whoever asked for it hears that this part of the world is unreachable rather than nothing at all.
        foreach (var write in _afterWrites)
        {
            foreach (var (request, sender) in write.Requests)
            {
                OnUnreachable(request, sender);
            }

            write.Requests.Clear();
        }
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

    /// <summary>One write in flight: what to run once it is durable, and the requests whose decisions wait on it.</summary>
    private sealed class WriteInFlight
    {
        public List<Action> Continuations { get; } = [];

        public List<(IEntityMessage Message, IActorRef Sender)> Requests { get; } = [];

        public void Add(Action then, (IEntityMessage Message, IActorRef Sender)? request)
        {
            Continuations.Add(then);
            if (request is { } r)
            {
                Requests.Add(r);
            }
        }
    }

    private sealed class JournalDeletion(Action<Exception?> done)
    {
        public Action<Exception?> Done { get; } = done;

        public bool Started { get; set; }

        public bool Finished { get; set; }
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
