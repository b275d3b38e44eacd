using System.Net;
using System.Net.Http.Json;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>
/// A node that believes it is behind Fly's proxy (FLY_APP_NAME set) in a secondary region sends what it must not serve
/// to the right region with <c>fly-replay</c>; without the proxy, it serves everything itself. Fly's proxy itself cannot
/// run here: the tests read the answers the proxy would act on.
/// </summary>
public sealed class FlyReplayTests : IAsyncLifetime
{
    private GameServerEnvironment _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = await GameServerEnvironment.PostgresAsync();
        _environment.Variables["FLY_REGION"] = "lhr";
        _environment.Variables["PRIMARY_REGION"] = "iad";
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task Behind_Fly_a_socket_for_another_region_and_account_writes_outside_the_primary_are_replayed()
    {
        _environment.Variables["FLY_APP_NAME"] = "exventure-test";
        _environment.Variables["CLUSTER_DISCOVERY"] = "static"; // a node of its own: Fly's DNS is not here
        var server = await _environment.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var elsewhere = await http.GetAsync("socket?character=Tamsin&region=nrt");
        Assert.Equal(HttpStatusCode.Conflict, elsewhere.StatusCode);
        Assert.Equal("region=nrt", Replay(elsewhere));

        using var here = await http.GetAsync("socket?character=Tamsin&region=lhr");
        Assert.Null(Replay(here));
        Assert.Equal(HttpStatusCode.BadRequest, here.StatusCode); // served here: "connect with a WebSocket client"

        using var register = await http.PostAsJsonAsync("api/accounts", new { username = "roamer", email = "r@example.test", password = "a-long-password" });
        Assert.Equal("region=iad", Replay(register));
        using var confirm = await http.GetAsync("register/confirm?token=x");
        Assert.Equal("region=iad", Replay(confirm));

        using var page = await http.GetAsync("sign-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(Replay(page));

        // Once replayed, a request is served where it lands, whatever this node thinks: no loops.
        using var replayed = new HttpRequestMessage(HttpMethod.Post, "api/accounts")
        {
            Content = JsonContent.Create(new { username = "roamer", email = "r@example.test", password = "a-long-password" }),
        };
        replayed.Headers.Add("fly-replay-src", "instance=abc;region=lhr;t=1");
        using var served = await http.SendAsync(replayed);
        Assert.Equal(HttpStatusCode.Created, served.StatusCode);
    }

    [Fact]
    public async Task Without_Flys_proxy_the_node_serves_every_request_itself()
    {
        var server = await _environment.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        using var socket = await http.GetAsync("socket?character=Tamsin&region=nrt");
        using var register = await http.PostAsJsonAsync("api/accounts", new { username = "homebody", email = "h@example.test", password = "a-long-password" });

        Assert.Null(Replay(socket));
        Assert.Equal(HttpStatusCode.BadRequest, socket.StatusCode);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
    }

    private static string? Replay(HttpResponseMessage response) =>
        response.Headers.TryGetValues("fly-replay", out var values) ? values.Single() : null;
}
