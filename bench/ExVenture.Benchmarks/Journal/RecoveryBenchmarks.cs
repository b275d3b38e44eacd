using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using BenchmarkDotNet.Attributes;
using ExVenture.Actors.Entities;
using ExVenture.Domain.Characters;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// How fast a node brings characters back from the journal, e.g. after a restart when every player reconnects:
/// <see cref="CharacterCount"/> characters with <see cref="EventsPerCharacter"/> events each (see
/// <see cref="CharacterHistories"/>) are attached at once through the character shard region of a fresh actor system
/// on that database. Each real <c>CharacterActor</c> starts, recovers (snapshot, then events through
/// <c>CharacterState.Apply</c>), and only then handles the attach, answering and entering its room; the benchmark
/// waits for every answer. The figure is characters per second (1 / the time per character); the target is all
/// 10,000 in under 5 s. A new actor system per iteration (started and stopped outside the measurement) so
/// nothing is recovered twice.
/// <para><see cref="Snapshots"/>: with snapshots the journal also holds the snapshot the game would have taken,
/// at the last multiple of <c>SnapshotEvery</c> (100), saved through the snapshot store, so recovery loads it and
/// replays the 50 events after it; without, recovery replays all 150.</para>
/// <para>Seeding writes 1.5 million rows, too many for the plugin in a bounded setup, so the events go in with binary
/// COPY as exactly the rows the plugin writes (<see cref="JournalRow.For"/>: payload, serializer id and manifest from
/// Akka's serialization, the plugin's columns; compare with the rows of <see cref="JournalThroughputBenchmarks"/>).
/// Each iteration checks that recovery wrote nothing: a character whose events could not be read would have been
/// created anew.</para>
/// </summary>
[IterationCount(3)]
public class RecoveryBenchmarks
{
    public const int CharacterCount = 10_000;
    public const int EventsPerCharacter = 150;

    private const int SnapshotsInFlight = 32;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private readonly GameWorld _world = WorldLoader.LoadFromDirectory(RepositoryPaths.World);
    private readonly List<(string Id, string Name)> _characters =
        Enumerable.Range(0, CharacterCount).Select(i => ($"sleeper{i}", $"Sleeper{i}")).ToList();

    private string _connectionString = "";
    private long _lastOrdering;
    private JournalNode? _node;

    [Params(false, true)]
    public bool Snapshots { get; set; }

    [GlobalSetup]
    public void SetUp() => SetUpAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void StartNode() => _node = JournalNode.StartAsync(_connectionString, _world).GetAwaiter().GetResult();

    /// <summary>Per character: recover and answer an attach.</summary>
    [Benchmark(OperationsPerInvoke = CharacterCount)]
    public void RecoverAll()
    {
        var attached = _node!.Players.Ask<BenchPlayers.AllAttached>(new BenchPlayers.AttachAll(_characters), Patience).GetAwaiter().GetResult();
        if (attached.Count != CharacterCount)
        {
            throw new InvalidOperationException($"{attached.Count} of {CharacterCount} characters answered.");
        }
    }

    [IterationCleanup]
    public void StopNode()
    {
        _node?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _node = null;
        var last = JournalDatabase.LastOrderingAsync(_connectionString).GetAwaiter().GetResult();
        if (last != _lastOrdering)
        {
            throw new InvalidOperationException($"Recovery wrote {last - _lastOrdering} journal rows: some characters did not recover their events.");
        }
    }

    /// <summary>Closes the pooled connections to this case's database, so the next case starts with the server's
    /// connection slots free.</summary>
    [GlobalCleanup]
    public void CleanUp() => Npgsql.NpgsqlConnection.ClearAllPools();

    private async Task SetUpAsync()
    {
        _connectionString = await JournalDatabase.CreateAsync(Snapshots ? "bench_recovery_snapshots" : "bench_recovery");
        var local = ConfigurationFactory.ParseString("akka.actor.provider = local");
        using var system = ActorSystem.Create("exventure-seed", JournalNode.NodeConfig(_connectionString, local));

        var histories = _characters.Select(c => (c.Id, History: CharacterHistories.For(_world, c.Id, c.Name, EventsPerCharacter))).ToList();
        var writer = Guid.NewGuid().ToString("N");
        var rows = histories.SelectMany(h => h.History.Select((e, i) => JournalRow.For(system, PersistenceId(h.Id), i + 1, e, writer)));
        var written = await JournalDatabase.CopyIntoJournalAsync(_connectionString, rows);
        _lastOrdering = await JournalDatabase.LastOrderingAsync(_connectionString);
        Console.WriteLine($"// Seeded {written:N0} journal rows for {CharacterCount:N0} characters.");

        if (Snapshots)
        {
            await SaveSnapshotsAsync(system, histories);
        }
    }

    /// <summary>Saves, for each character, the state the game snapshots: after the last multiple of
    /// <c>SnapshotEvery</c> events, through the snapshot store, <see cref="SnapshotsInFlight"/> at a time (the store
    /// takes a pooled connection per save and does not queue them itself).</summary>
    private static async Task SaveSnapshotsAsync(ActorSystem system, IReadOnlyList<(string Id, IReadOnlyList<ICharacterEvent> History)> histories)
    {
        const int every = EventSourcedEntity<CharacterState, ICharacterEvent>.SnapshotEvery;
        const int at = EventsPerCharacter / every * every;
        var store = Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        foreach (var chunk in histories.Chunk(SnapshotsInFlight))
        {
            await Task.WhenAll(chunk.Select(c =>
            {
                var state = CharacterState.Unborn(c.Id).ApplyAll(c.History.Take(at));
                return store.Ask<SaveSnapshotSuccess>(new SaveSnapshot(new SnapshotMetadata(PersistenceId(c.Id), at, DateTime.UtcNow), state), Patience);
            }));
        }

        Console.WriteLine($"// Saved {CharacterCount:N0} snapshots at sequence number {at}.");
    }

    private static string PersistenceId(string characterId) => "character-" + characterId;
}
