using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>What a test needs to run the real server binary: a working folder and the environment variables of a deployment.</summary>
public sealed class GameServerEnvironment : IAsyncDisposable
{
    public const string Secret = "end-to-end-secret-key-base-0123456789-abcdefghijklmnopqrstuvwxyz";

    private readonly TempDirectory _folder = new("exventure-e2e");
    private readonly List<ServerProcess> _started = [];

    private GameServerEnvironment(Dictionary<string, string?> variables) => Variables = variables;

    public Dictionary<string, string?> Variables { get; }

    public string Folder => _folder.Path;

    /// <summary>Production settings on a fresh PostgreSQL database, migrated the way a release command does it.</summary>
    public static async Task<GameServerEnvironment> PostgresAsync()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync("e2e");
        var environment = new GameServerEnvironment([]);
        foreach (var (key, value) in await ProductionEnvironment.MigratedAsync(database, Secret, environment.Folder, "Warning"))
        {
            environment.Variables[key] = value;
        }

        return environment;
    }

    /// <summary>What `dotnet run` uses: Development, the embedded SQLite store under the data folder, a generated secret.</summary>
    public static GameServerEnvironment Development()
    {
        var environment = new GameServerEnvironment(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DATABASE_URL"] = null,
            ["SECRET_KEY_BASE"] = null,
            ["LOG_LEVEL"] = "Warning",
        });
        environment.Variables["DATA_DIR"] = Path.Combine(environment.Folder, "data");
        return environment;
    }

    public async Task<ServerProcess> StartAsync(string name = "node", int? port = null)
    {
        var server = await ServerProcess.StartAsync(name, Variables, Folder, port);
        _started.Add(server);
        return server;
    }

    public Task<(int ExitCode, string Output)> RunAsync(string[] args) => ServerProcess.RunToExitAsync(args, Variables, Folder);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _started)
        {
            await server.DisposeAsync();
        }

        _folder.Dispose();
    }
}
