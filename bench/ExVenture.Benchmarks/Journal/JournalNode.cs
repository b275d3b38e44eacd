using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// A one-node game cluster for the journal benchmarks: the repository's hocon/ files, the SQL journal and snapshot
/// store on PostgreSQL (<see cref="JournalOptions"/> with <c>PostgreSQL15</c>, auto-initialize off as in production
/// after <c>migrate</c>), and the real character shard region (<see cref="CharacterActor"/> behind
/// <see cref="EntityMessageExtractor"/>, hand-off with <see cref="StopEntity"/>, as
/// <see cref="GameActorsHostingExtensions"/> sets it up). The room region is replaced by one actor,
/// <see cref="BenchPlayers"/>, which also plays every character's session: the benchmarks measure character
/// events, so rooms must not add events or broadcasts of their own.
/// </summary>
internal sealed class JournalNode : IAsyncDisposable
{
    /// <summary>The default of <see cref="GameNodeOptions.ShardsPerEntityType"/>.</summary>
    private const int ShardsPerEntityType = 100;

    private JournalNode(ActorSystem system, IActorRef characters, IActorRef players)
    {
        System = system;
        Characters = characters;
        Players = players;
    }

    public ActorSystem System { get; }

    /// <summary>The character shard region.</summary>
    public IActorRef Characters { get; }

    /// <summary>The <see cref="BenchPlayers"/> actor: every character's session and the stand-in for every room.</summary>
    public IActorRef Players { get; }

    /// <summary>Starts the node, joins it to itself, and starts the character region; returns once the node is Up.</summary>
    public static async Task<JournalNode> StartAsync(string connectionString, GameWorld world, Config? overrides = null)
    {
        var system = ActorSystem.Create(GameNodeOptions.ActorSystemName, NodeConfig(connectionString, overrides));
        try
        {
            var cluster = Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.RegisterOnMemberUp(() => up.TrySetResult());
            cluster.Join(cluster.SelfAddress);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);

            IActorRef? region = null;
            var players = system.ActorOf(Props.Create(() => new BenchPlayers(world)), "bench-players");
            var presence = system.ActorOf(Props.Empty, "presence");
            EntityRouter Router() => new(region!, players);
            region = await ClusterSharding.Get(system).StartAsync(
                "character",
                id => CharacterActor.Props(id, world, Router(), presence),
                ClusterShardingSettings.Create(system),
                new EntityMessageExtractor(ShardsPerEntityType),
                ClusterSharding.Get(system).DefaultShardAllocationStrategy(ClusterShardingSettings.Create(system)),
                StopEntity.Instance).ConfigureAwait(false);
            players.Tell(new BenchPlayers.UseRegion(region));
            return new JournalNode(system, region, players);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What the node runs on: code settings first, then hocon/ (in name order), then the plugins' defaults.</summary>
    public static Config NodeConfig(string connectionString, Config? overrides = null)
    {
        var journal = new JournalOptions(JournalProvider.PostgreSql, connectionString, AutoInitialize: false);
        var code = ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.sharding.state-store-mode = ddata
            akka.persistence {
              journal.plugin = "akka.persistence.journal.sql"
              journal.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = off }
              snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
              snapshot-store.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = off }
            }
            """);

        var hocon = Directory.GetFiles(RepositoryPaths.Hocon, "*.hocon")
            .Order(StringComparer.Ordinal)
            .Select(f => ConfigurationFactory.ParseString(File.ReadAllText(f)))
            .Aggregate(code, (all, next) => all.WithFallback(next));

        return (overrides ?? Config.Empty)
            .WithFallback(hocon)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSharding.DefaultConfig());
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance).ConfigureAwait(false);
        await System.WhenTerminated.ConfigureAwait(false);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
