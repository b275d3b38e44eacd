using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using ExVenture.Actors.Characters;
using ExVenture.Actors.ClusterFormation;
using ExVenture.Actors.Entities;
using ExVenture.Actors.Operator;
using ExVenture.Actors.Persistence;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Rooms;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.World;
using Microsoft.Extensions.Hosting;

namespace ExVenture.Actors.Hosting;

/// <summary>
/// The one place the game's actor system is put together: HOCON files, remoting, cluster, persistence, the two
/// shard regions, the node's presence actor and its operator actor. Settings that differ per node (addresses, database) come from
/// <see cref="GameNodeOptions"/>; settings that are the same everywhere live in hocon/ (see hocon/README.md).
/// </summary>
public static class GameActorsHostingExtensions
{
    public static AkkaConfigurationBuilder AddGameActors(this AkkaConfigurationBuilder builder, GameWorld world, GameNodeOptions options)
    {
        var files = Akka.Configuration.Config.Empty;
        foreach (var file in HoconFiles(options.HoconDirectory))
        {
            var hocon = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(file));
            builder.AddHocon(hocon, HoconAddMode.Append);
            files = files.WithFallback(hocon);
        }

        // WAN emulation (tests and benchmarks only): in front, so its applied-adapters wins. The adapter warns at start.
        if (options.Cluster.WanOneWayDelays is { Count: > 0 } delays)
        {
            builder.AddHocon(Wan.WanEmulation.Hocon(delays), HoconAddMode.Prepend);
        }

        var cluster = options.Cluster;
        var shardOptions = EntityShardOptions();
        var journals = new RegionJournals(options.RegionJournals);
        var roomHomes = EntityShards.RoomHomes(world, cluster.PrimaryRegion);

        return builder
            .WithRemoting(new RemoteOptions
            {
                HostName = cluster.BindHostname ?? cluster.Hostname,
                Port = cluster.Port,
                PublicHostName = cluster.Hostname,
                PublicPort = cluster.Port == 0 ? null : cluster.Port,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = cluster.Roles.ToArray(),
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithSqlPersistence(
                connectionString: options.Journal.ConnectionString,
                providerName: options.Journal.ProviderName,
                autoInitialize: options.Journal.AutoInitialize)
            .WithRegionJournals(options.RegionJournals, files)
            .WithActors((system, registry, resolver) =>
            {
                registry.Register<PresenceActor>(system.ActorOf(Props.Create(() => new PresenceActor(options.Operator.Region)), PresenceActor.Name));

                // `cluster leave` stops the node the way SIGTERM does: the host stops (players are told and
                // disconnected), then the actor system leaves. Without a host, the actor system leaves on its own.
                var lifetime = resolver.GetService<IHostApplicationLifetime>();
                Action requestShutdown = lifetime is not null
                    ? lifetime.StopApplication
                    : () => CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
                registry.Register<OperatorActor>(system.ActorOf(OperatorActor.Props(options.Operator, requestShutdown), OperatorActor.Name));
            })
            // Characters and rooms live in their home regions: both regions are started with their own allocation
            // strategy (WithShardRegion takes none), with the settings and hand-off message WithShardRegion derives from the same options.
            .WithActors((ActorStarterWithResolver)(async (system, registry, _) =>
            {
                var settings = EntityShardingSettings.From(system, shardOptions);
                var hostOptions = new CharacterHostOptions(
                    options.CharacterHomes,
                    cluster.PrimaryRegion,
                    journals.For,
                    (id, plugins) => CharacterActor.Props(id, world, EntityRouter.From(registry), registry.Get<PresenceActor>(), plugins));
                var characters = await CharacterSharding.StartAsync(
                    system,
                    hostOptions,
                    settings,
                    shardOptions.HandOffStopMessage ?? PoisonPill.Instance,
                    options.RegionDistances);
                registry.Register<CharacterRegion>(characters);

                var rooms = await RoomSharding.StartAsync(
                    system,
                    world,
                    cluster.PrimaryRegion,
                    options.ShardsPerEntityType,
                    id => RoomActor.Props(id, world, EntityRouter.From(registry), roomHomes, journals),
                    settings,
                    shardOptions.HandOffStopMessage ?? PoisonPill.Instance,
                    options.RegionDistances);
                registry.Register<RoomRegion>(rooms);
            }))
            .AddStartup((system, registry) =>
            {
                // Discovery may take a while (Fly's DNS is asked again until it answers): it runs beside the start, so
                // the host comes up and /healthz answers 503 meanwhile. It stops when the actor system does.
                var stopping = new CancellationTokenSource();
                system.WhenTerminated.ContinueWith(_ => stopping.Cancel(), TaskScheduler.Default);
                _ = JoinAsync(system, options.Discovery ?? new StaticSeeds(cluster.Seeds), RediscoverEvery, stopping.Token);
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// One non-default Akka.Persistence.Sql journal and snapshot store per region database (<see cref="RegionJournals"/>).
    /// The plugin defaults are copied under each region's plugin id by the package; what our HOCON files say about the
    /// default <c>sql</c> plugins (batching, buffers: hocon/persistence.hocon) is copied the same way, beneath the
    /// code's connection settings, so every database is written to alike. The serializer bindings are the actor
    /// system's and the circuit breaker is <c>journal-plugin-fallback</c>'s: both apply to every plugin already.
    /// Internal so tests configure region plugins exactly as a node does.
    /// </summary>
    internal static AkkaConfigurationBuilder WithRegionJournals(this AkkaConfigurationBuilder builder, IReadOnlyDictionary<string, JournalOptions> regions, Akka.Configuration.Config files)
    {
        foreach (var (region, journal) in regions.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var identifier = RegionJournals.Identifier(region);
            builder.AddHocon(SectionUnder(files, "akka.persistence.journal.sql", RegionJournals.JournalPluginId(region)), HoconAddMode.Append);
            builder.AddHocon(SectionUnder(files, "akka.persistence.snapshot-store.sql", RegionJournals.SnapshotPluginId(region)), HoconAddMode.Append);
            builder.WithSqlPersistence(
                new SqlJournalOptions(isDefaultPlugin: false, identifier)
                {
                    ConnectionString = journal.ConnectionString,
                    ProviderName = journal.ProviderName,
                    AutoInitialize = journal.AutoInitialize,
                },
                new SqlSnapshotOptions(isDefaultPlugin: false, identifier)
                {
                    ConnectionString = journal.ConnectionString,
                    ProviderName = journal.ProviderName,
                    AutoInitialize = journal.AutoInitialize,
                });
        }

        return builder;
    }

    /// <summary><paramref name="path"/> of <paramref name="config"/> moved to <paramref name="target"/> (empty when absent).</summary>
    private static Akka.Configuration.Config SectionUnder(Akka.Configuration.Config config, string path, string target) =>
        config.HasPath(path) ? config.GetConfig(path).MoveTo(target) : Akka.Configuration.Config.Empty;

    /// <summary>The sharding options of both entity types (turned into settings by <see cref="EntityShardingSettings.From"/>).</summary>
    internal static ShardOptions EntityShardOptions() =>
        new()
        {
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            // Entities passivate themselves (a character only when no session holds it), so sharding's timer is off.
            PassivateIdleEntityAfter = null,

            // On a graceful leave, entities finish their writes before their shards start elsewhere.
            HandOffStopMessage = StopEntity.Instance,
        };

    /// <summary>Finds the seeds and joins them; with a discovery that can change its answer, asks again every
    /// <paramref name="rediscoverEvery"/> until the node is a member.</summary>
    internal static async Task JoinAsync(ActorSystem system, ISeedDiscovery discovery, TimeSpan rediscoverEvery, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> seeds;
        try
        {
            seeds = await discovery.FindSeedsAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            system.Log.Error(e, "Cluster discovery failed; this node will not join a cluster. Stopping.");
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterDowningReason.Instance);
            return;
        }

        var self = Cluster.Get(system);
        system.ActorOf(Props.Create(() => new ClusterJoinMonitor(seeds)), "cluster-join-monitor");
        if (seeds.Count == 0)
        {
            // No seeds: this node is a cluster of its own, joining itself at whatever port it bound.
            self.Join(self.SelfAddress);
        }
        else
        {
            // Akka keeps retrying these until one answers (or, if the first is this node, forms the cluster).
            self.JoinSeedNodes(seeds.Select(SeedAddress));
        }

        if (discovery is not StaticSeeds)
        {
            await RediscoverUntilJoinedAsync(system, discovery, seeds, rediscoverEvery, cancellationToken);
        }
    }

    /// <summary>How long a node keeps trying the seeds it found before it asks its discovery again.</summary>
    internal static readonly TimeSpan RediscoverEvery = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Seeds found once can vanish before they answer (machines replaced in a deploy, a machine that was stopping when
    /// the DNS answered): Akka would try them for ever. Until this node is a member, it asks its discovery again every
    /// <see cref="RediscoverEvery"/> and, when the answer changed, joins the new seeds instead (Akka stops the old attempt).
    /// An empty answer (no other machine, after the discovery's own patience) makes it a cluster of its own.
    /// </summary>
    private static async Task RediscoverUntilJoinedAsync(
        ActorSystem system, ISeedDiscovery discovery, IReadOnlyList<string> seeds, TimeSpan rediscoverEvery, CancellationToken cancellationToken)
    {
        var self = Cluster.Get(system);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        self.RegisterOnMemberUp(() => joined.TrySetResult());
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await Task.WhenAny(joined.Task, Task.Delay(rediscoverEvery, cancellationToken)) == joined.Task)
                {
                    return;
                }

                var fresh = await discovery.FindSeedsAsync(cancellationToken);
                if (!fresh.SequenceEqual(seeds, StringComparer.Ordinal) && !joined.Task.IsCompleted)
                {
                    system.Log.Warning(
                        "The seeds [{0}] did not let this node in; discovery now answers [{1}]: {2}.",
                        string.Join(", ", seeds), string.Join(", ", fresh), fresh.Count == 0 ? "starting a cluster of its own" : "joining those");
                    seeds = fresh;
                    if (fresh.Count == 0)
                    {
                        self.Join(self.SelfAddress);
                    }
                    else
                    {
                        self.JoinSeedNodes(fresh.Select(SeedAddress));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                system.Log.Warning("Asking discovery again failed ({0}); still trying the seeds [{1}].", e.Message, string.Join(", ", seeds));
            }
        }
    }

    /// <summary>host:port or [ipv6]:port as an Akka address of this actor system. Akka writes an IPv6 host in brackets
    /// (its own address is akka.tcp://exventure@[::1]:4053), so a seed must too, or a node would not know itself among them.</summary>
    internal static Address SeedAddress(string seed)
    {
        var colon = seed.LastIndexOf(':');
        var host = seed[..colon].Trim('[', ']');
        host = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new Address("akka.tcp", GameNodeOptions.ActorSystemName, host, int.Parse(seed[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> HoconFiles(string? directory)
    {
        var folder = directory ?? Path.Combine(AppContext.BaseDirectory, "hocon");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.hocon").Order(StringComparer.Ordinal) : [];
    }
}
