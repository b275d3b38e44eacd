using System.Net;
using System.Text.Json;
using ExVenture.Domain.World;
using ExVenture.Server.Play;
using ExVenture.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Tests.Play;

/// <summary><c>GET /api/map/{roomId}</c> on a real Kestrel host serving the repository's sample world.</summary>
public sealed class MapApiTests : IAsyncLifetime
{
    private static readonly GameWorld World = WorldLoader.LoadFromDirectory(RepositoryPaths.World);

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(World);
        _app = builder.Build();
        _app.MapMiniMapApi();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_known_room_answers_its_whole_zone_as_cacheable_snake_case_json()
    {
        var start = World.Room(World.StartRoomId);
        var zone = World.Zone(start.ZoneId);

        var response = await _client.GetAsync($"/api/map/{start.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(300), response.Headers.CacheControl?.MaxAge);

        var body = await Json(response);
        Assert.Equal(["rooms", "zone"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(zone.Id, body.GetProperty("zone").GetProperty("id").GetString());
        Assert.Equal(zone.Name, body.GetProperty("zone").GetProperty("name").GetString());

        var rooms = body.GetProperty("rooms").EnumerateArray().ToList();
        Assert.Equal(zone.RoomIds.Order(), rooms.Select(r => r.GetProperty("id").GetString()!).Order());

        var green = rooms.Single(r => r.GetProperty("id").GetString() == start.Id);
        Assert.Equal(["exits", "id", "name", "x", "y", "z"], green.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(start.Name, green.GetProperty("name").GetString());
        Assert.Equal((start.X, start.Y, start.Z), (green.GetProperty("x").GetInt32(), green.GetProperty("y").GetInt32(), green.GetProperty("z").GetInt32()));
        Assert.All(green.GetProperty("exits").EnumerateArray(), exit =>
            Assert.Equal(["direction", "room_id"], exit.EnumerateObject().Select(p => p.Name).Order()));
    }

    [Fact]
    public async Task Every_room_of_a_zone_gets_the_same_answer()
    {
        var zone = World.Zones.First(z => z.RoomIds.Count > 1);

        var first = await _client.GetStringAsync($"/api/map/{zone.RoomIds[0]}");
        var last = await _client.GetStringAsync($"/api/map/{zone.RoomIds[^1]}");

        Assert.Equal(first, last);
    }

    [Fact]
    public async Task Every_exit_of_every_room_appears_with_its_direction_and_destination()
    {
        foreach (var room in World.Rooms)
        {
            var body = await Json(await _client.GetAsync($"/api/map/{room.Id}"));
            var entry = body.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("id").GetString() == room.Id);

            var exits = entry.GetProperty("exits").EnumerateArray()
                .Select(e => (e.GetProperty("direction").GetString()!, e.GetProperty("room_id").GetString()!))
                .ToList();
            Assert.Equal(room.Exits.Select(e => (e.Direction.Name(), e.ToRoomId)).Order(), exits.Order());
        }
    }

    [Theory]
    [InlineData("commons.nowhere")]
    [InlineData("nowhere")]
    [InlineData("COMMONS.GREEN")]
    public async Task An_unknown_room_is_404_with_an_error(string roomId)
    {
        var response = await _client.GetAsync($"/api/map/{Uri.EscapeDataString(roomId)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await Json(response);
        Assert.Contains(roomId, body.GetProperty("error").GetString());
        Assert.Null(response.Headers.CacheControl?.MaxAge);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
