using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExVenture.Operations;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>Talks to a node's operator host the way <c>pbm</c> does: HTTP with the contract records.</summary>
public sealed class OperatorTestClient : IDisposable
{
    private readonly HttpClient _http;

    public OperatorTestClient(int port, string? token)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(90) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public HttpClient Http => _http;

    public async Task<(HttpStatusCode Status, CommandResponse Response)> RunAsync(string palette, string command, params string[] arguments)
    {
        using var response = await _http.SendAsync(Request(palette, command, arguments));
        var body = await response.Content.ReadAsStringAsync();
        var parsed = JsonSerializer.Deserialize<CommandResponse>(body, OperatorProtocol.Json)
            ?? throw new InvalidOperationException($"No answer body ({response.StatusCode}): {body}");
        return (response.StatusCode, parsed);
    }

    /// <summary>Runs a command that must succeed and returns its text.</summary>
    public async Task<CommandResponse> OkAsync(string palette, string command, params string[] arguments)
    {
        var (status, response) = await RunAsync(palette, command, arguments);
        Assert.True(status == HttpStatusCode.OK && response.Ok, $"{palette} {command}: {(int)status} {response.Error}\n{response.Text}");
        return response;
    }

    public async Task<IReadOnlyList<PaletteInfo>> PalettesAsync()
    {
        using var response = await _http.GetAsync(OperatorProtocol.PalettesPath.TrimStart('/'));
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<IReadOnlyList<PaletteInfo>>(await response.Content.ReadAsStringAsync(), OperatorProtocol.Json)!;
    }

    public static HttpRequestMessage Request(string palette, string command, params string[] arguments) =>
        new(HttpMethod.Post, OperatorProtocol.CommandsPath.TrimStart('/'))
        {
            Content = new StringContent(JsonSerializer.Serialize(new CommandRequest(palette, command, arguments), OperatorProtocol.Json), Encoding.UTF8, "application/json"),
        };

    public void Dispose() => _http.Dispose();
}

/// <summary>One development node with its operator host on a free port, shared by the tests of a class.</summary>
public sealed class OperatorNodeFixture : IAsyncLifetime
{
    public GameServerEnvironment Environment { get; private set; } = null!;

    public ServerProcess Server { get; private set; } = null!;

    public int OperatorPort { get; } = FreePort.Next();

    /// <summary>What every node with this SECRET_KEY_BASE expects when OPERATOR_TOKEN is unset.</summary>
    public static string Token => OperatorToken.Derive(GameServerEnvironment.Secret);

    public async Task InitializeAsync()
    {
        Environment = GameServerEnvironment.Development();
        Environment.Variables["SECRET_KEY_BASE"] = GameServerEnvironment.Secret;
        Environment.Variables["OPERATOR_PORT"] = OperatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Server = await Environment.StartAsync("operator-node");
    }

    public OperatorTestClient Client(string? token = null) => new(OperatorPort, token ?? Token);

    public async Task DisposeAsync() => await Environment.DisposeAsync();
}
