using System.Net;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;
using Npgsql;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>The database goes away under a running node: players get a clear answer, the node stays up, and play
/// resumes when the database is back.</summary>
public sealed class DeadDatabaseTests
{
    [Fact]
    public async Task Players_are_told_the_world_is_not_answering_and_play_resumes_when_the_database_returns()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.Shared.CreateDatabaseAsync("dead"));
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, database.Port));
        database.Host = "127.0.0.1";
        database.Port = proxy.Port;
        database.Timeout = 3;
        database.CommandTimeout = 3;

        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["DATABASE_URL"] = database.ConnectionString;
        Assert.Equal(0, (await environment.RunAsync(["migrate"])).ExitCode);
        var server = await environment.StartAsync();

        await using var player = new GameClient(server.BaseUri, "unlucky");
        await player.SignUpAsync("Unlucky");
        await player.ConnectAsync("Unlucky");
        await player.ExpectTopicAsync("Room.Info");

        proxy.Cut();
        var commandRef = await player.SendAsync("north");
        var error = await player.ExpectAsync(f => f.Topic == "system/error" && f.Ref == commandRef, "an error answering 'north'", TimeSpan.FromSeconds(30));
        Assert.Equal("unavailable", error.Data.GetProperty("code").GetString());

        using var http = new HttpClient { BaseAddress = server.BaseUri };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        using var signIn = await http.PostAsync("api/sessions", new StringContent("""{"username":"unlucky","password":"unlucky-secret-pass"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.False(server.HasExited);

        proxy.Restore();
        await player.ConnectAsync("Unlucky");
        var back = await player.ExpectTopicAsync("Room.Info");
        Assert.NotNull(back.Data.GetProperty("id").GetString());
        Assert.Contains("Exits", await player.CommandAsync("look"));
    }
}
