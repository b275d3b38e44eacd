using System.Net;
using System.Text.Json;
using ExVenture.Operations;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>A node knows its region and says so: in <c>/healthz</c>, on every response, in its cluster role and to operators.</summary>
public sealed class RegionTests : IAsyncLifetime
{
    private GameServerEnvironment _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = await GameServerEnvironment.PostgresAsync();
        _environment.Variables["FLY_REGION"] = "lhr";
        _environment.Variables["REGION"] = "nrt";
        _environment.Variables["PRIMARY_REGION"] = "iad";
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task Every_answer_names_the_region_that_gave_it()
    {
        var operatorPort = FreePort.Next();
        _environment.Variables["OPERATOR_PORT"] = operatorPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var server = await _environment.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var health = await http.GetAsync("healthz");
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("lhr", "iad"), (body.GetProperty("region").GetString(), body.GetProperty("primaryRegion").GetString()));

        foreach (var path in new[] { "healthz", "", "sign-in", "api/map/commons.green", "no/such/page", "assets/site.css" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("X-Region", out var regions), $"/{path} ({(int)response.StatusCode}) has no X-Region");
            Assert.Equal("lhr", Assert.Single(regions));
        }

        using var operatorHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{operatorPort}") };
        operatorHttp.DefaultRequestHeaders.Authorization = new("Bearer", OperatorToken.Derive(GameServerEnvironment.Secret));
        using var show = await operatorHttp.PostAsync(
            OperatorProtocol.CommandsPath,
            new StringContent(JsonSerializer.Serialize(new CommandRequest("cluster", "show", []), OperatorProtocol.Json), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);
        Assert.Contains("[region-lhr]", JsonSerializer.Deserialize<CommandResponse>(await show.Content.ReadAsStringAsync(), OperatorProtocol.Json)!.Text);
    }
}
