using Akka.Hosting;
using ExVenture.Actors.Hosting;
using ExVenture.Domain.World;
using ExVenture.Server.Accounts;
using ExVenture.Server.Accounts.Api;
using ExVenture.Server.Configuration;
using ExVenture.Server.Mail;
using ExVenture.Server.Operator;
using ExVenture.Server.Play;
using ExVenture.Server.Storage;
using ExVenture.Server.Web;

namespace ExVenture.Server.Hosting;

/// <summary>
/// The composition root: reads and validates configuration, loads the world, wires accounts, storage, the actor
/// system, the endpoints and the operator host (on its own port). <c>migrate</c> as the first argument migrates the database and exits.
/// Exit codes: 0 done, 1 configuration or schema problem, 2 broken world files.
/// </summary>
public static class GameServer
{
    public const string MigrateCommand = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var migrate = args.Length > 0 && args[0] == MigrateCommand;
        var builder = WebApplication.CreateBuilder(migrate ? args[1..] : args);

        ServerSettings settings;
        ClusterNodeOptions cluster;
        ClusterDiscoverySettings discovery;
        try
        {
            settings = ServerSettings.Load(builder.Configuration, builder.Environment);
            cluster = ClusterSettings.Load(builder.Configuration, out discovery);
            if (settings.RegionDatabases.ContainsKey(cluster.PrimaryRegion))
            {
                // The primary region's database is DATABASE_URL: a second one would split its rooms from their history.
                var variable = ServerSettings.RegionDatabasePrefix + cluster.PrimaryRegion.ToUpperInvariant().Replace('-', '_');
                throw new InvalidConfigurationException(builder.Environment.EnvironmentName,
                    [new ConfigurationError(variable, $"names the primary region ({cluster.PrimaryRegion}), whose database is DATABASE_URL; unset it")]);
            }
        }
        catch (InvalidConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        builder.Logging.SetMinimumLevel(settings.LogLevel);

        // ASP.NET Core logs every request at Information; that is noise unless someone asked for Debug.
        builder.Logging.AddFilter("Microsoft.AspNetCore", settings.LogLevel <= LogLevel.Debug ? settings.LogLevel : LogLevel.Warning);
        var journal = JournalSchemaComponent.JournalFor(settings);
        var regionJournals = JournalSchemaComponent.RegionJournalsFor(settings);
        builder.Services.AddSingleton(JournalSchemaComponent.For(journal));
        builder.Services.AddExVentureStorage(settings.Database);

        if (migrate)
        {
            return await MigrateAsync(builder, regionJournals);
        }

        // Fly's release_command machine (RELEASE_COMMAND=1) is not in the private DNS and must never join the cluster.
        if (builder.Configuration["RELEASE_COMMAND"] is { Length: > 0 })
        {
            await Console.Error.WriteLineAsync($"RELEASE_COMMAND is set: a release-command machine only runs `{MigrateCommand}`; it never starts a game node or joins the cluster.");
            return 1;
        }

        GameWorld world;
        var worldDirectory = builder.Configuration["WORLD_DIR"] ?? Path.Combine(AppContext.BaseDirectory, "world");
        try
        {
            world = WorldLoader.LoadFromDirectory(worldDirectory);
        }
        catch (WorldLoadException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (builder.Configuration["urls"] is null)
        {
            builder.WebHost.UseUrls($"http://{(settings.IsDevelopment ? "localhost" : "0.0.0.0")}:{settings.Port}");
        }

        builder.WebHost.UseSockets(sockets => sockets.NoDelay = settings.TcpNoDelay);
        builder.Services.AddSingleton(world);
        builder.Services.AddSingleton(cluster);

        // Time for a graceful leave: players are told and disconnected, then the node leaves the cluster and hands
        // its shards over (fly.toml's kill_timeout leaves room for this).
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
        builder.Services.AddExVentureAccounts(settings);
        builder.Services.AddExVentureMail(settings);
        builder.Services.AddExVentureWeb(settings);

        // Before the actor system: the operator port closes after the node has left (see AddOperatorHost).
        var operatorOptions = builder.AddOperatorHost(settings, worldDirectory, cluster.Region);
        builder.Services.AddAkka(GameNodeOptions.ActorSystemName, (akka, services) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = AkkaLogLevel(settings.LogLevel);
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddGameActors(world, new GameNodeOptions(cluster, journal)
            {
                RegionJournals = regionJournals,
                Operator = operatorOptions,
                RegionDistances = cluster.RegionDistances ?? ExVenture.Actors.Sharding.RegionDistances.Equal,
                Discovery = discovery.Create(cluster, services.GetRequiredService<ILoggerFactory>()),
                CharacterHomes = services.GetRequiredService<ExVenture.Actors.Characters.ICharacterHomes>(),
            });
        });

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ExVenture.Server");
        if (!await EnsureSchemaAsync(app.Services, settings, log))
        {
            return 1;
        }

        app.UseRegionHeader(cluster.Region);
        app.UseFlyReplay(cluster, behindFlyProxy: builder.Configuration["FLY_APP_NAME"] is { Length: > 0 });
        app.UseMiddleware<RequestErrorLogging>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseExVentureWeb();
        app.MapDevelopmentMailbox();
        app.MapMiniMapApi();
        app.MapHealth(cluster);
        app.MapAccountsApi();
        app.MapPlaySocket();

        log.LogInformation("ExVenture.Akka starting in region {Region} (primary {Primary}): world '{World}' ({Rooms} rooms), {Settings}", cluster.Region, cluster.PrimaryRegion, world.Name, world.Rooms.Count, settings);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The primary database first (accounts, versioned schema), then the journal tables of every region
    /// database: a region database that cannot be reached fails the release, so no node starts without its tables.</summary>
    private static async Task<int> MigrateAsync(WebApplicationBuilder builder, IReadOnlyDictionary<string, JournalOptions> regionJournals)
    {
        await using var services = builder.Services.BuildServiceProvider();
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var applied = await migrator.MigrateAsync();
        Console.WriteLine(applied.Count == 0
            ? "The schema is up to date."
            : "Applied:\n" + string.Join('\n', applied.Select(step => "  " + step)));
        foreach (var region in await JournalSchemaComponent.CreateRegionJournalsAsync(regionJournals, CancellationToken.None))
        {
            Console.WriteLine($"Journal tables are ready in the {region} database (DATABASE_URL_{region.ToUpperInvariant().Replace('-', '_')}).");
        }

        return 0;
    }

    /// <summary>Development brings its own schema up to date; production refuses to start on an old schema.</summary>
    private static async Task<bool> EnsureSchemaAsync(IServiceProvider services, ServerSettings settings, ILogger log)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        if (settings.IsDevelopment)
        {
            await migrator.MigrateAsync();
            return true;
        }

        var status = await migrator.CheckAsync();
        if (!status.IsCurrent)
        {
            log.LogCritical("{Problem}", status.Describe());
            await Console.Error.WriteLineAsync(status.Describe());
        }

        return status.IsCurrent;
    }

    private static Akka.Event.LogLevel AkkaLogLevel(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };
}
