using Akka.Actor;
using Akka.Event;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Sharding;
using ExVenture.Domain;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Commands;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Text;
using ExVenture.Domain.World;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Characters;

/// <summary>
/// One character, sharded by name and event-sourced. It owns the link to the player's session (at most one) and
/// is the only authority on where the character stands and what it carries. Rules live in <see cref="CharacterState"/>.
/// It also deletes itself on request (<see cref="CharacterDeletion"/>): once that has begun it acts as the character
/// no longer, so nothing queued behind the request can bring the old state back.
/// </summary>
public sealed class CharacterActor : EventSourcedEntity<CharacterState, ICharacterEvent>
{
    private readonly GameWorld _world;
    private readonly IActorRef _presence;
    /// <summary>Output kept for a session expected back after this entity restarted, at most this many messages.</summary>
    private const int HeldOutputLimit = 200;

    private static readonly TimeSpan ResumeWindow = TimeSpan.FromSeconds(15);

    private readonly List<Output> _heldOutput = [];
    private (string Id, IActorRef Ref)? _session;
    private bool _resumeExpected;
    private string? _replyTo;
    private Deletion? _deletion;

    public CharacterActor(string characterId, GameWorld world, EntityRouter router, IActorRef presence, EntityJournal? journal = null)
        : base("character-" + characterId, CharacterState.Unborn(characterId), router, journal ?? EntityJournal.Primary)
    {
        _world = world;
        _presence = presence;

        Command<Rooms.RoomLinks.Released>(_ =>
        {
            _releasing = false;
            Timers.Cancel(nameof(Rooms.RoomLinks.Released));
            StopIfDue();
        });
        Command<CharacterHost.MoveHome>(OnMoveHome);
        CommandAsync<MoveWhenQuiet>(move => MoveAsync(move.Request));
        Command<CharacterDeletion.DeleteCharacter>(OnDelete);
        Command<Attach>(OnAttach);
        Command<Input>(OnInput);
        Command<Detach>(d => EndSession(d.SessionId));
        Command<Terminated>(t => { if (_session?.Ref.Equals(t.ActorRef) == true) EndSession(_session.Value.Id); });
        Command<PresenceMessages.OnlineList>(list => ToPlayer(
            [Frames.Who(list.Names), Frames.Display(GameText.Who(list.Names))], list.Ref));
        Command<ICharacterMessage>(OnEntityMessage);
        Command<ReceiveTimeout>(_ => PassivateIfIdle());
        Command<ResumeWindowOver>(_ =>
        {
            _resumeExpected = false;
            _heldOutput.Clear();
        });
    }

    protected override void OnRecoveryCompleted()
    {
        // A character that existed before may have a session still playing, which will attach again shortly.
        if (State.Exists)
        {
            _resumeExpected = true;
            Timers.StartSingleTimer(nameof(ResumeWindowOver), ResumeWindowOver.Instance, ResumeWindow);
        }
    }

    public static Props Props(string characterId, GameWorld world, EntityRouter router, IActorRef presence, EntityJournal? journal = null) =>
        Akka.Actor.Props.Create(() => new CharacterActor(characterId, world, router, presence, journal));

    /// <summary>The player typed into a character whose journal (its home region's database) failed: say so, rather than
    /// leave the session to report silence. Nothing the command decided happened.</summary>
    protected override void OnUnreachable(IEntityMessage message, IActorRef sender)
    {
        if (message is Input input)
        {
            sender.Tell(new Output([Frames.Error(ErrorCodes.Unavailable, UnreachableText)], input.Ref));
        }
    }

    public const string UnreachableText = "Your character cannot be reached right now (its region's database is unavailable); try again shortly.";

    protected override CharacterState Apply(CharacterState state, ICharacterEvent @event) => state.Apply(@event);

    protected override IReadOnlyList<IEntityMessage> PendingDeliveries(CharacterState state) => state.PendingDeliveries();

    private CharacterContext Situation() => new(_world, NewTransferId, _session is not null, _replyTo);

    /// <summary>Before stopping, the room this character stands in is asked to stop telling this incarnation directly
    /// (<see cref="Rooms.RoomLinks"/>), so nothing said meanwhile is lost; at most <see cref="ReleaseWait"/>, in case the
    /// room is itself moving or gone.</summary>
    protected override void OnStopRequested()
    {
        if (State.Exists && _deletion is null && State.RoomId is { Length: > 0 } room)
        {
            _releasing = true;
            Send(new Rooms.RoomLinks.Release(room, State.Id));
            Timers.StartSingleTimer(nameof(Rooms.RoomLinks.Released), new Rooms.RoomLinks.Released(room), ReleaseWait);
        }
    }

    protected override bool ReadyToStop => !_releasing;

    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(2);

    private bool _releasing;

    /// <summary>From the host: move to another region unless a session holds this character (<see cref="CharacterHost"/>).</summary>
    private void OnMoveHome(CharacterHost.MoveHome move)
    {
        if (_session is not null || _deletion is not null)
        {
            Context.Parent.Tell(CharacterHost.MoveDeclined.Instance);
        }
        else if (ReadyToMove)
        {
            Self.Tell(new MoveWhenQuiet(move));
        }
        else
        {
            // Writes (or a snapshot) in flight: they finish first, so the state that moves is the durable one.
            Timers.StartSingleTimer(nameof(MoveWhenQuiet), move, TimeSpan.FromMilliseconds(20));
        }
    }

    private async Task MoveAsync(CharacterHost.MoveHome move)
    {
        if (!ReadyToMove || _session is not null)
        {
            OnMoveHome(move);
            return;
        }

        try
        {
            if (move.CopyTo is { } snapshots)
            {
                await MoveJournalAsync(snapshots, move.Commit);
            }
            else
            {
                await move.Commit();
            }
        }
        catch (Exception e)
        {
            Context.Parent.Tell(new CharacterHost.MoveFailed(e));
            return;
        }

        Context.Parent.Tell(new CharacterHost.Moved(move.Region));
        Context.Stop(Self);
    }

    private sealed record MoveWhenQuiet(CharacterHost.MoveHome Request);

    private void OnAttach(Attach attach)
    {
        if (_deletion is not null)
        {
            attach.Session.Tell(_deletion.SessionEnd);
            return;
        }

        if (_session?.Id == attach.SessionId)
        {
            // A repeated attach (the session retries until it hears back): already done, just say so again.
            attach.Session.Tell(new Attached(State.Id, State.Name));
            return;
        }

        if (_session is { } old)
        {
            old.Ref.Tell(new Ended(ErrorCodes.SessionReplaced, "You have logged in from somewhere else; this connection is closing."));
            Context.Unwatch(old.Ref);
        }

        BeginSession(attach.SessionId, attach.Session);
        Execute(attach.Resume ? State.Resume(_world) : State.Arrive(attach.Name, _world), commandRef: null);
        attach.Session.Tell(new Attached(State.Id, State.Name));
    }

    private void OnInput(Input input)
    {
        if (_deletion is not null)
        {
            // Typed before the session heard of the deletion: it must not act on (or persist into) what is gone.
            Sender.Tell(_deletion.SessionEnd);
            return;
        }

        if (DateTimeOffset.UtcNow > input.ExpiresAt)
        {
            Log.Info("Dropped '{0}' for {1}: it arrived after its session had reported it unanswered", input.Text, PersistenceId);
            return;
        }

        if (_session is null && State.Exists)
        {
            // This entity restarted (its node died or it moved) while the player's session lived on: resume it.
            BeginSession(input.SessionId, Sender);
            Execute(State.Resume(_world), commandRef: null);
            Sender.Tell(new Attached(State.Id, State.Name));
        }

        if (_session?.Id != input.SessionId)
        {
            Sender.Tell(new Ended(ErrorCodes.SessionReplaced, "This connection no longer controls the character."));
            return;
        }

        Execute(State.Decide(CommandParser.Parse(input.Text), Situation(), input.Ref), input.Ref);
    }

    private void OnEntityMessage(ICharacterMessage message)
    {
        if (_deletion is not null)
        {
            AnswerAsDeleted(message);
            return;
        }

        if (message is CharacterMessages.Deliver delivery && _session is null && _resumeExpected)
        {
            // Just restarted elsewhere: the session is on its way back (it watches us); keep its output for it.
            if (_heldOutput.Count < HeldOutputLimit)
            {
                _heldOutput.Add(new Output(delivery.Frames, delivery.Ref));
            }

            return;
        }

        if (message is CharacterMessages.Tell tell && _session is not null && State.Exists)
        {
            _replyTo = tell.FromName;
        }

        Execute(State.Receive(message, Situation()), RefOf(message));
    }

    private static string? RefOf(ICharacterMessage message) => message switch
    {
        CharacterMessages.Deliver d => d.Ref,
        CharacterMessages.GiveItem g => g.Ref,
        CharacterMessages.TransferAccepted a => a.Ref,
        _ => null,
    };

    private void Execute(CharacterDecision decision, string? commandRef) =>
        PersistThen(decision.Events, () =>
        {
            if (decision.Output.Count > 0)
            {
                ToPlayer(decision.Output, commandRef);
            }

            foreach (var message in decision.Messages)
            {
                Send(message);
            }

            if (decision.ListOnline)
            {
                _presence.Tell(new PresenceMessages.ListOnline(commandRef), Self);
            }

            if (decision.General is { } line)
            {
                _presence.Tell(new PresenceMessages.SpeakOnGeneral(State.Name, line), Self);
            }

            if (decision.EndSession && _session is { } session)
            {
                session.Ref.Tell(new Ended("quit", "Goodbye."));
                Context.Unwatch(session.Ref);
                _session = null;
                Context.SetReceiveTimeout(IdleBeforePassivation);
            }

            ScheduleRedelivery(State.Transfers.Unsettled);
        });

    private void ToPlayer(IReadOnlyList<Frame> frames, string? commandRef) =>
        _session?.Ref.Tell(new Output(frames, commandRef));

    private void BeginSession(string sessionId, IActorRef session)
    {
        _session = (sessionId, session);
        Context.Watch(session);
        Context.SetReceiveTimeout(null);
        _resumeExpected = false;
        foreach (var held in _heldOutput)
        {
            session.Tell(held);
        }

        _heldOutput.Clear();
    }

    private void EndSession(string sessionId)
    {
        if (_session?.Id != sessionId)
        {
            return;
        }

        Context.Unwatch(_session.Value.Ref);
        _session = null;
        Execute(State.Depart(), commandRef: null);
        Context.SetReceiveTimeout(IdleBeforePassivation);
    }

    private void PassivateIfIdle()
    {
        if (_deletion is null && _session is null && State.Transfers.Outbox.Count == 0)
        {
            Passivate();
        }
    }

    /// <summary>
    /// Deletes the character. Refused while an item is in transit (<see cref="CharacterState.DeletionRefusal"/>);
    /// otherwise the session is ended, the character leaves its room as on a disconnect, and the journal goes
    /// (snapshots, then events). The answer goes to everyone who asked; then the entity passivates, so the shard
    /// holds whatever arrives meanwhile for a new, unborn incarnation instead of this one.
    /// </summary>
    private void OnDelete(CharacterDeletion.DeleteCharacter delete)
    {
        if (_deletion is { } running)
        {
            if (running.Outcome is { } outcome)
            {
                Sender.Tell(outcome);
            }
            else
            {
                running.Requesters.Add(Sender);
            }

            return;
        }

        if (State.DeletionRefusal() is { } refusal)
        {
            Sender.Tell(new CharacterDeletion.CharacterDeletionFailed(State.Id, refusal));
            return;
        }

        _deletion = new Deletion(Sender);
        Context.SetReceiveTimeout(null);
        Timers.Cancel(nameof(ResumeWindowOver));
        _resumeExpected = false;
        _heldOutput.Clear();
        if (!State.Exists && LastSequenceNr == 0 && Quiet)
        {
            // Never existed: there is nothing to delete.
            FinishDeletion(null);
            return;
        }

        if (_session is { } session)
        {
            session.Ref.Tell(new Ended(ErrorCodes.CharacterDeleted, "This character has been deleted. This connection is closing."));
            Context.Unwatch(session.Ref);
            _session = null;
        }

        Execute(State.Depart(), commandRef: null);
        DeleteJournal(FinishDeletion);
    }

    private void FinishDeletion(Exception? failure)
    {
        var deletion = _deletion!;
        if (failure is null)
        {
            deletion.Outcome = new CharacterDeletion.CharacterDeleted(State.Id);
            Log.Info("Deleted {0} with its journal up to {1}", PersistenceId, LastSequenceNr);
        }
        else
        {
            // Snapshots go first, so whatever failed, the events still recover the character as it was.
            deletion.Outcome = new CharacterDeletion.CharacterDeletionFailed(State.Id, "The character could not be deleted just now; nothing was lost. Try again in a moment.");
            deletion.SessionEnd = new Ended(ErrorCodes.Unavailable, "The character is busy. Reconnect in a moment.");
            Log.Error(failure, "Could not delete the journal of {0}; it stops and recovers what is left", PersistenceId);
        }

        // Passivate before answering: a requester's next message (a new player of the same name, say) then reaches
        // the shard after the request to stop, and is held for the next incarnation rather than handed to this one.
        Passivate();
        foreach (var requester in deletion.Requesters)
        {
            requester.Tell(deletion.Outcome);
        }

        deletion.Requesters.Clear();
    }

    /// <summary>While it is being deleted, the character answers as one that does not exist, and persists nothing: an
    /// item a room gives it now is ignored here, re-sent by the room, and put back by the next incarnation.</summary>
    private void AnswerAsDeleted(ICharacterMessage message)
    {
        var decision = CharacterState.Unborn(State.Id).Receive(message, new CharacterContext(_world, NewTransferId, Online: false));
        if (decision.Events.Count == 0)
        {
            foreach (var reply in decision.Messages)
            {
                Send(reply);
            }
        }
    }

    private sealed class Deletion(IActorRef requester)
    {
        public List<IActorRef> Requesters { get; } = [requester];

        /// <summary>The answer, once the deletion has finished.</summary>
        public CharacterDeletion.Reply? Outcome { get; set; }

        /// <summary>What a session that reaches this incarnation from now on is told.</summary>
        public Ended SessionEnd { get; set; } = new(ErrorCodes.CharacterDeleted, "This character has been deleted.");
    }

    private sealed class ResumeWindowOver
    {
        public static ResumeWindowOver Instance { get; } = new();
    }
}
