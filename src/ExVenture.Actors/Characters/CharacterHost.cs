using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Actors.Characters;

/// <summary>What a character's host needs: where homes are recorded, and the journal of each region.</summary>
/// <param name="Homes">The record of homes; <see cref="PrimaryRegionHomes"/> when characters never move.</param>
/// <param name="PrimaryRegion">The home of a character without a recorded one.</param>
/// <param name="PluginsOf">A home region's journal and snapshot store plugin ids.</param>
/// <param name="CharacterProps">The character entity for a character id, persisting to the given plugins.</param>
public sealed record CharacterHostOptions(
    ICharacterHomes Homes,
    string PrimaryRegion,
    Func<string, EntityJournal> PluginsOf,
    Func<string, EntityJournal, Props> CharacterProps)
{
    public bool CharactersMove => Homes is not PrimaryRegionHomes;
}

/// <summary>
/// The sharded entity for one character. It reads the character's home region (the record of truth, not a cache, so
/// no incarnation ever starts on a home it has left), then runs the <see cref="CharacterActor"/> as its child with that
/// region's journal, and passes every message on unchanged.
/// <para>
/// <b>Rehome on sign-in.</b> A fresh <see cref="Attach"/> from a session in another region moves the character there
/// when no session holds it: everything else waits (stashed) while the child, once its writes are durable, saves its
/// state as a snapshot in the new region's store, records the new home, deletes its old events and stops; only then
/// does a child start on the new journal and the waiting messages go to it. One incarnation at every moment, so one
/// writer. The shard follows within seconds (<see cref="CharacterShardHomes"/>): sharding's hand-off stops this host
/// before the shard starts in the new region, and the session attaches again there.
/// </para>
/// </summary>
public sealed class CharacterHost : ReceiveActor, IWithStash, IWithTimers
{
    private static readonly TimeSpan[] LookupBackoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)];

    private readonly string _characterId;
    private readonly CharacterHostOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string _home = "";
    private IActorRef _character = ActorRefs.Nobody;
    private int _lookupFailures;

    // The sign-in that asked for the move under way, and its sender: it goes to the character once the move ends,
    // whatever the outcome, and is not weighed again (a declined move would otherwise be asked for forever).
    private (Attach Attach, IActorRef Sender)? _moveRequest;

    public CharacterHost(string characterId, CharacterHostOptions options)
    {
        _characterId = characterId;
        _options = options;
        Starting();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string characterId, CharacterHostOptions options) =>
        Akka.Actor.Props.Create(() => new CharacterHost(characterId, options));

    protected override void PreStart() => LookUpHome();

    private void LookUpHome()
    {
        _options.Homes.HomesOfAsync([_characterId]).PipeTo(
            Self,
            success: homes => new HomeFound(homes.GetValueOrDefault(_characterId, _options.PrimaryRegion)),
            failure: e => new HomeLookupFailed(e));
    }

    private void Starting()
    {
        Receive<HomeFound>(found =>
        {
            _home = found.Region;
            StartCharacter();
            Become(Hosting);
            Stash.UnstashAll();
        });
        Receive<HomeLookupFailed>(failed =>
        {
            if (_lookupFailures >= LookupBackoff.Length)
            {
                // Messages waiting here are lost; sessions attach again and players are told their command went unanswered.
                _log.Error(failed.Cause, "The home region of character {0} could not be read; the entity stops", _characterId);
                Context.Stop(Self);
                return;
            }

            _log.Warning("Reading the home region of character {0} failed ({1}); trying again", _characterId, failed.Cause.Message);
            Timers.StartSingleTimer(nameof(RetryLookup), RetryLookup.Instance, LookupBackoff[_lookupFailures++]);
        });
        Receive<RetryLookup>(_ => LookUpHome());
        Receive<CharacterPlacement.Locate>(Locate);
        ReceiveAny(_ => Stash.Stash());
    }

    private void Hosting()
    {
        Receive<Attach>(attach => ShouldMove(attach), attach =>
        {
            _moveRequest = (attach, Sender);
            var region = attach.Region!;
            var target = _options.PluginsOf(region);
            var homes = _options.Homes;
            var id = _characterId;
            _character.Tell(new MoveHome(region, target == _options.PluginsOf(_home) ? null : target.SnapshotPluginId, () => homes.SetHomeAsync(id, region)));
            Become(Moving);
        });
        Receive<CharacterPlacement.Locate>(Locate);
        Receive<Passivate>(passivate => Context.Parent.Tell(passivate));
        Receive<Terminated>(t => t.ActorRef.Equals(_character), _ => Context.Stop(Self));
        ReceiveAny(message => _character.Forward(message));
    }

    private void Moving()
    {
        Receive<MoveDeclined>(_ => EndMove());
        Receive<MoveFailed>(failed =>
        {
            _log.Warning(failed.Cause, "Character {0} could not move from {1}; it stays there", _characterId, _home);
            EndMove();
        });
        Receive<Moved>(moved =>
        {
            _log.Info("Character {0} moved from {1} to {2}", _characterId, _home, moved.Region);
            _home = moved.Region;
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_character), _ =>
        {
            // The old incarnation has stopped with everything durable; the next one starts on the new home's journal.
            StartCharacter();
            EndMove();
        });
        Receive<Passivate>(passivate => Context.Parent.Tell(passivate));
        Receive<CharacterPlacement.Locate>(Locate);
        ReceiveAny(_ => Stash.Stash());
    }

    private bool ShouldMove(Attach attach) =>
        _options.CharactersMove
        && !attach.Resume
        && attach.Region is { } region
        && Regions.IsValid(region)
        && !string.Equals(region, _home, StringComparison.Ordinal);

    /// <summary>Back to hosting: the sign-in that asked for the move reaches the character (the new incarnation, or
    /// the old one when the move was declined or failed), then everything that waited, in the order it came.</summary>
    private void EndMove()
    {
        Become(Hosting);
        if (_moveRequest is { } request)
        {
            _moveRequest = null;
            _character.Tell(request.Attach, request.Sender);
        }

        Stash.UnstashAll();
    }

    private void StartCharacter()
    {
        _character = Context.ActorOf(_options.CharacterProps(_characterId, _options.PluginsOf(_home)), "character");
        Context.Watch(_character);
    }

    private void Locate(CharacterPlacement.Locate locate)
    {
        var cluster = Cluster.Get(Context.System);
        Sender.Tell(new CharacterPlacement.Located(
            _characterId,
            _home.Length > 0 ? _home : "(unknown)",
            cluster.SelfAddress.ToString(),
            Regions.FromRoles(cluster.SelfRoles) ?? Regions.Local));
    }

    private sealed record HomeFound(string Region);

    private sealed record HomeLookupFailed(Exception Cause);

    private sealed class RetryLookup
    {
        public static RetryLookup Instance { get; } = new();
    }

    /// <summary>To the character: move to <paramref name="Region"/> unless a session holds you. <paramref name="CopyTo"/>:
    /// the new region persists elsewhere, so the state goes to that snapshot store first; <paramref name="Commit"/> records
    /// the new home.</summary>
    internal sealed record MoveHome(string Region, string? CopyTo, Func<Task> Commit);

    /// <summary>From the character: the move is recorded; it stops next.</summary>
    internal sealed record Moved(string Region);

    internal sealed class MoveDeclined
    {
        public static MoveDeclined Instance { get; } = new();
    }

    internal sealed record MoveFailed(Exception Cause);
}
