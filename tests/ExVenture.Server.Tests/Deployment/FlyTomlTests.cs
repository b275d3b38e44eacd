using System.Net;
using Akka.Actor;
using System.Text.RegularExpressions;
using ExVenture.Actors.Hosting;
using ExVenture.Server.Configuration;
using ExVenture.Server.Hosting;
using ExVenture.Server.Tests.Configuration;
using ExVenture.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Tomlyn.Model;

namespace ExVenture.Server.Tests.Deployment;

/// <summary>
/// <c>fly.toml</c> against the server it deploys: the <c>[env]</c> block must be configuration the server really reads and
/// accepts, the ports, health check, release command and shutdown timing must match the code, and nothing may expose the
/// operator host. Fly itself is not reachable from the tests; this is what can be checked without it.
/// </summary>
public sealed partial class FlyTomlTests
{
    /// <summary>Fly's current region codes (docs/deploy-fly.md). <c>sea</c> was removed in 2025.</summary>
    private static readonly string[] FlyRegions =
        ["ams", "arn", "bom", "cdg", "dfw", "ewr", "fra", "gru", "iad", "jnb", "lax", "lhr", "nrt", "ord", "sin", "sjc", "syd", "yyz"];

    /// <summary>Secrets: set with <c>fly secrets set</c> (or <c>fly postgres attach</c>), never written into fly.toml.</summary>
    private static readonly string[] Secrets = ["DATABASE_URL", "SECRET_KEY_BASE", "SMTP_URL", "OPERATOR_TOKEN"];

    /// <summary>What a machine sees: the image's ENV, overridden by [env], plus the secrets (fakes here) and the variables
    /// Fly sets itself.</summary>
    private static Dictionary<string, string?> MachineEnvironment(FlyToml fly, bool withFlyVariables)
    {
        var variables = Dockerfile.Load().Environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value, StringComparer.Ordinal);
        foreach (var (name, value) in fly.Env)
        {
            variables[name] = value;
        }

        variables["DATABASE_URL"] = $"postgres://exventure:password@{fly.App}-db.flycast:5432/exventure?sslmode=disable";
        variables["SECRET_KEY_BASE"] = new string('k', 64);
        if (withFlyVariables)
        {
            variables["FLY_APP_NAME"] = fly.App;
            variables["FLY_REGION"] = "lhr";
            variables["FLY_MACHINE_ID"] = "e784079b449483";
            variables["FLY_PRIVATE_IP"] = "fdaa:0:1:a7b:1::2";
        }

        return variables;
    }

    /// <summary>Loads the server's settings and cluster settings from <paramref name="variables"/> as production does,
    /// returning them with every configuration key the two loaders asked for.</summary>
    private static (ServerSettings Settings, ClusterNodeOptions Cluster, IReadOnlySet<string> Read) LoadAsProduction(Dictionary<string, string?> variables)
    {
        var configuration = new RecordingConfiguration(new ConfigurationBuilder().AddInMemoryCollection(variables).Build());
        var environment = new TestHostEnvironment("Production", Path.GetTempPath());
        var settings = ServerSettings.Load(configuration, environment);
        var cluster = ClusterSettings.Load(configuration);
        return (settings, cluster, configuration.Read);
    }

    [Fact]
    public void Every_env_value_is_a_string()
    {
        var fly = FlyToml.Load();
        Assert.NotEmpty(fly.EnvTable);
        var notStrings = fly.EnvTable.Where(pair => pair.Value is not string).Select(pair => $"{pair.Key} = {pair.Value} ({pair.Value?.GetType().Name})").ToList();
        Assert.True(notStrings.Count == 0, "fly.toml [env] values must be quoted strings:\n" + string.Join('\n', notStrings));
    }

    [Fact]
    public void Every_env_name_is_a_variable_the_server_reads()
    {
        var fly = FlyToml.Load();

        // The keys ServerSettings and ClusterSettings ask for, on a Fly machine and elsewhere (REGION is only read without FLY_REGION).
        var read = new HashSet<string>(LoadAsProduction(MachineEnvironment(fly, withFlyVariables: true)).Read, StringComparer.Ordinal);
        read.UnionWith(LoadAsProduction(MachineEnvironment(fly, withFlyVariables: false)).Read);

        // ASPNETCORE_* and DOTNET_* are read by the ASP.NET Core host itself (e.g. ASPNETCORE_FORWARDEDHEADERS_ENABLED).
        var unknown = fly.Env.Keys
            .Where(name => !read.Contains(name) && !name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !name.StartsWith("DOTNET_", StringComparison.Ordinal))
            .ToList();
        Assert.True(unknown.Count == 0,
            $"fly.toml [env] sets variables no settings class reads: {string.Join(", ", unknown)}.\nRead: {string.Join(", ", read.Order())}");
    }

    [Fact]
    public void Env_names_leave_fly_s_own_variables_and_secrets_alone()
    {
        var fly = FlyToml.Load();
        Assert.DoesNotContain(fly.Env.Keys, name => name.StartsWith("FLY_", StringComparison.Ordinal));
        Assert.Empty(fly.Env.Keys.Intersect(Secrets));
    }

    [Fact]
    public void The_env_block_with_secrets_is_a_valid_production_configuration()
    {
        var fly = FlyToml.Load();
        var (settings, cluster, _) = LoadAsProduction(MachineEnvironment(fly, withFlyVariables: true));

        Assert.False(settings.IsDevelopment);
        Assert.Equal($"https://{fly.App}.fly.dev", settings.PublicUrl);
        Assert.Equal(FlyToml.Integer(fly.HttpService, "internal_port"), settings.Port);
        Assert.Equal(fly.PrimaryRegion, cluster.PrimaryRegion);
        Assert.Equal("lhr", cluster.Region);
    }

    [Fact]
    public void Cluster_remoting_uses_a_fixed_port_the_image_exposes()
    {
        // Every machine must listen on the same known port for its peers (Fly's private network needs no service section).
        var fly = FlyToml.Load();
        var (_, cluster, _) = LoadAsProduction(MachineEnvironment(fly, withFlyVariables: true));
        var exposed = Dockerfile.Load().Final.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEqual(0, cluster.Port);
        Assert.Contains(cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
        Assert.NotEqual(FlyToml.Integer(fly.HttpService, "internal_port"), cluster.Port);
    }

    [Fact]
    public void The_http_service_sends_traffic_to_PORT()
    {
        var fly = FlyToml.Load();
        Assert.Equal(fly.Env["PORT"], FlyToml.Integer(fly.HttpService, "internal_port").ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(fly.HttpService.TryGetValue("force_https", out var https) && https is true, "http_service.force_https should be true");
    }

    [Fact]
    public void The_health_check_asks_the_server_s_health_endpoint()
    {
        var fly = FlyToml.Load();
        var check = Assert.Single(fly.HttpChecks);
        var path = FlyToml.String(check, "path");
        Assert.Equal("/healthz", path);
        Assert.Equal("GET", FlyToml.String(check, "method"), ignoreCase: true);

        // The route HealthEndpoint really maps (tests/.../EndToEnd/RegionTests asks a running server for it).
        // The endpoint takes the ActorSystem from the services; registered (never resolved) so the route can be built.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Services.AddSingleton<ActorSystem>(_ => throw new InvalidOperationException("not started in this test"));
        var app = builder.Build();
        app.MapHealth(ClusterSettings.Load(new ConfigurationBuilder().Build()));
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/'));
        Assert.Contains(path, routes);

        // A node answers 503 until it is an Up cluster member: the grace period covers start-up and joining.
        Assert.True(FlyToml.Duration(check, "grace_period") >= TimeSpan.FromSeconds(10), "the health check needs a grace period for start-up");
        Assert.True(FlyToml.Duration(check, "timeout") < FlyToml.Duration(check, "interval"));
    }

    [Fact]
    public void Shutdown_leaves_time_for_a_graceful_leave()
    {
        var fly = FlyToml.Load();

        // The .NET host stops gracefully on SIGTERM and SIGINT (Fly's default); SIGKILL-like signals would skip the hand-off.
        Assert.Contains(FlyToml.String(fly.Root, "kill_signal"), new[] { "SIGTERM", "SIGINT" });

        var killTimeout = FlyToml.Duration(fly.Root, "kill_timeout");
        var shutdownTimeout = HostShutdownTimeout();
        Assert.True(killTimeout >= shutdownTimeout,
            $"kill_timeout ({killTimeout.TotalSeconds}s) must cover the host's ShutdownTimeout ({shutdownTimeout.TotalSeconds}s), or Fly kills the node mid hand-off");
        Assert.True(killTimeout <= TimeSpan.FromSeconds(300), "Fly caps kill_timeout at 300s");
    }

    [Fact]
    public void The_release_command_is_the_server_s_migrate_command()
    {
        var fly = FlyToml.Load();
        Assert.Equal(GameServer.MigrateCommand, FlyToml.String(FlyToml.Table(fly.Root, "deploy"), "release_command"));

        // release_command replaces CMD and is appended to ENTRYPOINT: that only works with an exec-form ENTRYPOINT of the server.
        Assert.Equal(["dotnet", DockerfileTests.ServerDll], Dockerfile.Load().EntrypointExecForm());
    }

    [Fact]
    public void The_build_uses_the_repository_s_dockerfile()
    {
        var fly = FlyToml.Load();
        var dockerfile = FlyToml.String(FlyToml.Table(fly.Root, "build"), "dockerfile");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, dockerfile)), $"[build] dockerfile = '{dockerfile}' does not exist");
        Assert.Equal(Path.GetFullPath(Dockerfile.Path), Path.GetFullPath(Path.Combine(RepositoryPaths.Root, dockerfile)));
    }

    [Fact]
    public void The_primary_region_is_a_current_fly_region_and_the_server_knows_it()
    {
        var fly = FlyToml.Load();
        Assert.NotEqual("sea", fly.PrimaryRegion);
        Assert.Contains(fly.PrimaryRegion, FlyRegions);
        Assert.True(fly.Env.TryGetValue("PRIMARY_REGION", out var primary), "[env] PRIMARY_REGION is missing");
        Assert.Equal(fly.PrimaryRegion, primary);
    }

    [Fact]
    public void The_operator_port_is_never_exposed()
    {
        var fly = FlyToml.Load();
        var (settings, _, _) = LoadAsProduction(MachineEnvironment(fly, withFlyVariables: true));
        Assert.True(IPAddress.IsLoopback(settings.OperatorBind), $"OPERATOR_BIND is {settings.OperatorBind}: the operator host must stay on loopback");

        var exposed = new List<long> { FlyToml.Integer(fly.HttpService, "internal_port") };
        exposed.AddRange(fly.Services.Select(service => FlyToml.Integer(service, "internal_port")));
        exposed.AddRange(fly.Services.SelectMany(service =>
            service.TryGetValue("ports", out var ports) && ports is TomlTableArray array ? array.Select(port => FlyToml.Integer(port, "port")) : []));
        if (fly.Root.TryGetValue("metrics", out var metrics) && metrics is TomlTable metricsTable)
        {
            exposed.Add(FlyToml.Integer(metricsTable, "port"));
        }

        Assert.DoesNotContain((long)settings.OperatorPort, exposed);
    }

    [Fact]
    public void Machines_are_never_stopped_for_being_idle()
    {
        var fly = FlyToml.Load();
        Assert.True(fly.HttpService.TryGetValue("auto_stop_machines", out var autoStop), "http_service.auto_stop_machines must be set (Fly's default stops idle machines)");
        Assert.True(autoStop is "off" or false, $"auto_stop_machines = {autoStop}: a MUD's world lives in memory and its sessions are long-lived");
        Assert.True(FlyToml.Integer(fly.HttpService, "min_machines_running") >= 1);
    }

    [Fact]
    public void The_vm_size_and_memory_are_given()
    {
        var fly = FlyToml.Load();
        var vm = Assert.Single(fly.Vms);
        Assert.False(string.IsNullOrWhiteSpace(FlyToml.String(vm, "size")));
        Assert.Matches(MemoryPattern(), FlyToml.String(vm, "memory"));
    }

    /// <summary>GameServer's HostOptions.ShutdownTimeout, read from its source (it is set inside RunAsync, not exposed).</summary>
    private static TimeSpan HostShutdownTimeout()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Source("ExVenture.Server"), "Hosting", "GameServer.cs"));
        var match = ShutdownTimeoutPattern().Match(source);
        Assert.True(match.Success, "GameServer.cs no longer sets ShutdownTimeout = TimeSpan.FromSeconds(n): update this test");
        return TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"ShutdownTimeout\s*=\s*TimeSpan\.FromSeconds\((\d+)\)")]
    private static partial Regex ShutdownTimeoutPattern();

    [GeneratedRegex(@"^\d+(mb|gb)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemoryPattern();

    /// <summary>Passes reads through to a configuration and remembers every key asked for.</summary>
    private sealed class RecordingConfiguration(IConfiguration inner) : IConfiguration
    {
        private readonly HashSet<string> _read = new(StringComparer.Ordinal);

        public IReadOnlySet<string> Read => _read;

        public string? this[string key]
        {
            get
            {
                _read.Add(key);
                return inner[key];
            }
            set => inner[key] = value;
        }

        public IConfigurationSection GetSection(string key)
        {
            _read.Add(key);
            return inner.GetSection(key);
        }

        public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren();

        public IChangeToken GetReloadToken() => inner.GetReloadToken();
    }
}
