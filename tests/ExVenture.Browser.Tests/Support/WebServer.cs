using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;

namespace ExVenture.Browser.Tests.Support;

/// <summary>
/// The real server binary for a browser to visit, at <c>http://localhost:&lt;port&gt;/</c>: the public URL the server
/// believes it has (HOST, URL_SCHEME, URL_PORT), so mailed links and the WebSocket origin check match what the browser sees.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    public const string Secret = "browser-tests-secret-key-base-0123456789-abcdefghijklmnop";

    private readonly TempDirectory _folder;
    private readonly IReadOnlyDictionary<string, string?> _variables;
    private ServerProcess _process;

    private WebServer(TempDirectory folder, IReadOnlyDictionary<string, string?> variables, ServerProcess process)
    {
        _folder = folder;
        _variables = variables;
        _process = process;
    }

    /// <summary>Where the browser goes: localhost, as a player on their own machine would type it.</summary>
    public Uri BaseUrl => new($"http://localhost:{_process.Port}/");

    /// <summary>The same server by address, for API and WebSocket clients that send no Origin.</summary>
    public Uri DirectUrl => _process.BaseUri;

    public string Output => _process.Output;

    /// <summary>What the README's first command runs: Development, embedded SQLite, generated secret, the mailbox page.</summary>
    public static async Task<WebServer> DevelopmentAsync()
    {
        var folder = new TempDirectory("exventure-browser");
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DATABASE_URL"] = null,
            ["SECRET_KEY_BASE"] = null,
            ["DATA_DIR"] = folder.File("data"),
            ["LOG_LEVEL"] = "Warning",
        };
        return new WebServer(folder, variables, await ServerProcess.StartAsync("dev", variables, folder.Path));
    }

    /// <summary>A production node on a fresh PostgreSQL database, with <paramref name="extra"/> variables (e.g. SMTP_URL).</summary>
    public static async Task<WebServer> ProductionAsync(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var folder = new TempDirectory("exventure-browser");
        var port = FreePort.Next();
        var variables = new Dictionary<string, string?>
        {
            ["HOST"] = "localhost",
            ["URL_SCHEME"] = "http",
            ["URL_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var database = await PostgresServer.Shared.CreateDatabaseAsync("browser");
        var environment = await ProductionEnvironment.MigratedAsync(database, Secret, folder.Path, "Warning", variables);
        return new WebServer(folder, environment, await ServerProcess.StartAsync("prod", environment, folder.Path, port));
    }

    /// <summary>Stops the server as a deploy does (SIGTERM: players are told, sockets close with 1012) and starts it
    /// again on the same port and data.</summary>
    public async Task RestartAsync()
    {
        await _process.StopAsync();
        await _process.DisposeAsync();
        _process = await ServerProcess.StartAsync(_process.Name, _variables, _folder.Path, _process.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
