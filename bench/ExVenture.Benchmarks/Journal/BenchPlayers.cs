using Akka.Actor;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using static ExVenture.Actors.Sessions.SessionMessages;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// Plays every character in a <see cref="JournalNode"/>: it is the session each character is attached to, and it
/// stands in for the room region. A character sends <see cref="RoomRequests.Enter"/> to its room only after the
/// events of that decision are durable, so an Enter is the benchmark's proof that a write finished:
/// <list type="bullet">
/// <item><see cref="AttachAll"/>: attach a session to each character, as players logging in do. Done for a character
/// when it has answered <see cref="Attached"/> and entered its room, i.e. it has recovered and whatever its arrival
/// persisted (a new character's <c>Created</c>) is in the journal.</item>
/// <item><see cref="Walk"/>: each character walks back and forth between the start room and its neighbour, one
/// persisted <c>Moved</c> per command, keeping a few commands in flight as a fast player would.</item>
/// </list>
/// Everything is <c>Tell</c> through the character shard region, as the game's sessions do.
/// </summary>
internal sealed class BenchPlayers : ReceiveActor
{
    private const string SessionId = "bench";
    private static readonly DateTimeOffset NeverExpires = DateTimeOffset.MaxValue;

    private readonly Direction _out;
    private readonly Direction _back;
    private readonly Dictionary<string, Walker> _walkers = new(StringComparer.Ordinal);
    private IActorRef _region = ActorRefs.Nobody;

    private IActorRef? _requester;
    private HashSet<string> _notAttached = [];
    private HashSet<string> _notEntered = [];
    private long _toFinish;

    public BenchPlayers(GameWorld world)
    {
        (_out, _back) = WalkingDirections(world);

        Receive<UseRegion>(use => _region = use.Region);
        Receive<AttachAll>(OnAttachAll);
        Receive<Walk>(OnWalk);
        Receive<Attached>(attached =>
        {
            _notAttached.Remove(attached.CharacterId);
            FinishAttachIfDone();
        });
        Receive<RoomRequests.Enter>(OnEnter);
        Receive<Ended>(ended => throw new InvalidOperationException($"A character ended its session: {ended.Code} {ended.Message}"));

        // Leave requests and the players' screens are not what is measured.
        Receive<RoomRequests.Leave>(_ => { });
        Receive<Output>(_ => { });
    }

    /// <summary>A direction out of the start room whose opposite leads back to it: the walk's two rooms.</summary>
    public static (Direction Out, Direction Back) WalkingDirections(GameWorld world)
    {
        var start = world.Room(world.StartRoomId);
        var exit = start.Exits.FirstOrDefault(e => world.Room(e.ToRoomId).ExitTo(e.Direction.Opposite())?.ToRoomId == start.Id)
            ?? throw new InvalidOperationException($"The start room {start.Id} has no exit with a way straight back.");
        return (exit.Direction, exit.Direction.Opposite());
    }

    private void OnAttachAll(AttachAll request)
    {
        _requester = Sender;
        _notAttached = request.Characters.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _notEntered = new HashSet<string>(_notAttached, StringComparer.Ordinal);
        foreach (var (id, name) in request.Characters)
        {
            _walkers[id] = new Walker();
            _region.Tell(new Attach(id, name, SessionId, Self));
        }
    }

    private void FinishAttachIfDone()
    {
        if (_requester is not null && _notAttached.Count == 0 && _notEntered.Count == 0)
        {
            _requester.Tell(new AllAttached(_walkers.Count));
            _requester = null;
        }
    }

    private void OnWalk(Walk walk)
    {
        _requester = Sender;
        _toFinish = (long)walk.MovesPerCharacter * _walkers.Count;
        foreach (var (id, walker) in _walkers)
        {
            walker.ToSend = walk.MovesPerCharacter;
            for (var i = 0; i < walk.InFlightPerCharacter && walker.ToSend > 0; i++)
            {
                SendMove(id, walker);
            }
        }
    }

    private void SendMove(string characterId, Walker walker)
    {
        walker.ToSend--;
        var direction = walker.Outward ? _out : _back;
        walker.Outward = !walker.Outward;
        _region.Tell(new Input(characterId, SessionId, direction.Name(), "w", NeverExpires), Self);
    }

    private void OnEnter(RoomRequests.Enter enter)
    {
        if (enter.Ref is null)
        {
            // An arrival: the character is in the world and its Created (if new) is durable.
            _notEntered.Remove(enter.CharacterId);
            FinishAttachIfDone();
            return;
        }

        var walker = _walkers[enter.CharacterId];
        if (walker.ToSend > 0)
        {
            SendMove(enter.CharacterId, walker);
        }

        if (--_toFinish == 0)
        {
            _requester?.Tell(new Walked());
            _requester = null;
        }
    }

    /// <summary>Where this actor sends its commands (the region is started after this actor, which it needs).</summary>
    public sealed record UseRegion(IActorRef Region);

    /// <summary>Attach a session to each character; answered with <see cref="AllAttached"/>.</summary>
    public sealed record AttachAll(IReadOnlyList<(string Id, string Name)> Characters);

    public sealed record AllAttached(int Count);

    /// <summary>Every attached character makes <paramref name="MovesPerCharacter"/> moves, with up to
    /// <paramref name="InFlightPerCharacter"/> unanswered at a time; answered with <see cref="Walked"/> once every
    /// move's event is durable.</summary>
    public sealed record Walk(int MovesPerCharacter, int InFlightPerCharacter);

    public sealed record Walked;

    private sealed class Walker
    {
        public int ToSend { get; set; }

        public bool Outward { get; set; } = true;
    }
}
