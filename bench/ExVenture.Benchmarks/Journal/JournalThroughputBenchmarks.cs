using Akka.Actor;
using BenchmarkDotNet.Attributes;
using ExVenture.Domain.Characters;
using ExVenture.Domain.World;
using ExVenture.TestSupport;
using Npgsql;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// How close the game's entities come to what PostgreSQL can take. Both benchmarks write <see cref="Events"/>
/// character events per invocation, each on a fresh database with the game's journal schema; the figure is
/// events per second, and the <b>Ratio</b> column (entities ÷ raw, in time per event) says what the entity path costs.
/// <list type="bullet">
/// <item><see cref="RawBatchedInserts"/> (baseline): the same rows the plugin would write (real <c>Moved</c> events
/// serialized by <c>GameSerializer</c>, so the same payload bytes) go into a copy of the journal table (same columns,
/// identity, key and index) as multi-row parameterised <c>INSERT</c>s of as many rows as the journal batches, from as
/// many connections at once as the journal runs writers (<c>batch-size</c> and <c>parallelism</c>, read from
/// hocon/persistence.hocon).
/// That is what a hand-written bulk writer would do; binary COPY would be faster still, but no journal works that way.</item>
/// <item><see cref="CharacterEntities"/>: <see cref="Characters"/> real <c>CharacterActor</c>s behind the real shard
/// region on a one-node cluster, each walking back and forth between two rooms: every command is parsed, decided,
/// persisted through Akka.Persistence.Sql (our config, our serializer) and applied, and the character enters the next
/// room only once its <c>Moved</c> is durable, which is what the benchmark waits for. Each character keeps
/// <see cref="InFlightPerCharacter"/> commands unanswered at a time, so a few hundred writes are always queued at
/// the journal. The cost includes what the game really does around the journal: sharding, one snapshot per character
/// every 100 events, and the messages each move sends (rooms are a stand-in that only counts, see <see cref="BenchPlayers"/>).</item>
/// </list>
/// </summary>
public class JournalThroughputBenchmarks
{
    public const int Characters = 200;
    public const int MovesPerCharacter = 50;
    public const int Events = Characters * MovesPerCharacter;
    public const int InFlightPerCharacter = 2;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly GameWorld _world = WorldLoader.LoadFromDirectory(RepositoryPaths.World);

    // Baseline.
    private readonly List<NpgsqlConnection> _connections = [];
    private readonly List<NpgsqlCommand> _inserts = [];
    private JournalRow[] _outward = [];
    private JournalRow[] _back = [];
    private long _nextSequenceNr = 1;
    private int _batchSize;

    // Entities.
    private JournalNode? _node;

    [GlobalSetup(Target = nameof(RawBatchedInserts))]
    public void SetUpRawInserts() => SetUpRawInsertsAsync().GetAwaiter().GetResult();

    [GlobalSetup(Target = nameof(CharacterEntities))]
    public void SetUpEntities() => SetUpEntitiesAsync().GetAwaiter().GetResult();

    /// <summary>Per event: <see cref="Events"/> rows in batches of the journal's batch-size, from its parallelism of connections.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void RawBatchedInserts() => RawBatchedInsertsAsync().GetAwaiter().GetResult();

    /// <summary>Per event: <see cref="Characters"/> character entities making <see cref="MovesPerCharacter"/> moves each.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void CharacterEntities() =>
        _node!.Players.Ask<BenchPlayers.Walked>(new BenchPlayers.Walk(MovesPerCharacter, InFlightPerCharacter), Patience).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void CleanUp()
    {
        foreach (var command in _inserts)
        {
            command.Dispose();
        }

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _inserts.Clear();
        _connections.Clear();
        _node?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _node = null;
        NpgsqlConnection.ClearAllPools();
    }

    private async Task SetUpRawInsertsAsync()
    {
        var connectionString = await JournalDatabase.CreateAsync("bench_raw_inserts");
        await JournalDatabase.CreateJournalCopyAsync(connectionString, "raw_journal");

        // The payloads the entities write: the same two moves, serialized by the game's serializer.
        using (var system = ActorSystem.Create("exventure-payloads", JournalNode.NodeConfig(connectionString, Akka.Configuration.ConfigurationFactory.ParseString("akka.actor.provider = local"))))
        {
            var (outward, back) = BenchPlayers.WalkingDirections(_world);
            var start = _world.Room(_world.StartRoomId);
            var neighbour = start.ExitTo(outward)!.ToRoomId;
            var writer = Guid.NewGuid().ToString("N");
            _outward = Rows(system, new CharacterEvents.Moved(start.Id, neighbour, outward), writer);
            _back = Rows(system, new CharacterEvents.Moved(neighbour, start.Id, back), writer);
        }

        var journalConfig = JournalNode.NodeConfig(connectionString).GetConfig("akka.persistence.journal.sql");
        _batchSize = journalConfig.GetInt("batch-size");
        if (Events % _batchSize != 0)
        {
            throw new InvalidOperationException($"{Events} events do not split into batches of {_batchSize}.");
        }

        for (var i = 0; i < journalConfig.GetInt("parallelism"); i++)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var insert = JournalDatabase.BatchInsert(connection, "raw_journal", _batchSize);
            await insert.PrepareAsync();
            _connections.Add(connection);
            _inserts.Add(insert);
        }
    }

    private static JournalRow[] Rows(ActorSystem system, CharacterEvents.Moved move, string writer) =>
        Enumerable.Range(0, Characters).Select(c => JournalRow.For(system, "character-" + CharacterId(c), 0, move, writer)).ToArray();

    private async Task RawBatchedInsertsAsync()
    {
        // Rows in the order many entities' writes reach the journal: one event of every character, then the next.
        var rows = new JournalRow[Events];
        for (var i = 0; i < Events; i++)
        {
            var move = i / Characters;
            var template = (_nextSequenceNr + move) % 2 == 1 ? _outward[i % Characters] : _back[i % Characters];
            rows[i] = template with { SequenceNr = _nextSequenceNr + move, Created = DateTime.UtcNow.Ticks };
        }

        _nextSequenceNr += MovesPerCharacter;
        var nextBatch = -1;
        await Task.WhenAll(_inserts.Select(async insert =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref nextBatch)) * _batchSize < Events)
            {
                JournalDatabase.Bind(insert, rows.AsSpan(batch * _batchSize, _batchSize));
                await insert.ExecuteNonQueryAsync();
            }
        }));
    }

    private async Task SetUpEntitiesAsync()
    {
        var connectionString = await JournalDatabase.CreateAsync("bench_entities");
        _node = await JournalNode.StartAsync(connectionString, _world);
        var characters = Enumerable.Range(0, Characters).Select(c => (CharacterId(c), $"Walker{c}")).ToList();
        await _node.Players.Ask<BenchPlayers.AllAttached>(new BenchPlayers.AttachAll(characters), Patience);
    }

    private static string CharacterId(int index) => $"walker{index}";
}
