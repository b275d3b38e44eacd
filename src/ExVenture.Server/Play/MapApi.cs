using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using ExVenture.Domain.World;
using Microsoft.Net.Http.Headers;

namespace ExVenture.Server.Play;

/// <summary>
/// <c>GET /api/map/{roomId}</c>: the layout of the zone that holds a room (every room with its coordinates and exits),
/// for the browser client's mini-map. Public: the world's layout is no secret, and the game's own <c>map</c> command
/// shows the same. The world never changes while a node runs, so each zone's answer is rendered once, when the
/// endpoints are mapped, and served as the same bytes to everyone, cacheable for five minutes.
/// </summary>
public static class MapApi
{
    /// <summary>How long browsers and proxies may keep a zone's layout (a redeploy may change the world).</summary>
    private const string CacheControl = "public, max-age=300";

    // The same conventions as the WebSocket frames (ExVenture.Domain.Protocol.Frame): snake_case, readable accents.
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapMiniMapApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maps = Render(app.ServiceProvider.GetRequiredService<GameWorld>());
        app.MapGet("/api/map/{roomId}", (string roomId, HttpResponse response) =>
        {
            if (!maps.TryGetValue(roomId, out var zone))
            {
                return Results.Json(new { error = $"There is no room '{Clip(roomId)}'." }, statusCode: StatusCodes.Status404NotFound);
            }

            response.Headers[HeaderNames.CacheControl] = CacheControl;
            return Results.Bytes(zone, "application/json; charset=utf-8");
        });
        return app;
    }

    /// <summary>Each room id mapped to the JSON of its zone (rooms of one zone share one array).</summary>
    internal static FrozenDictionary<string, byte[]> Render(GameWorld world)
    {
        var byRoom = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var zone in world.Zones)
        {
            var rooms = zone.RoomIds.Select(world.Room).ToList();
            var json = JsonSerializer.SerializeToUtf8Bytes(
                new ZoneMap(
                    new ZoneView(zone.Id, zone.Name),
                    rooms.Select(r => new RoomMapView(
                        r.Id,
                        r.Name,
                        r.X,
                        r.Y,
                        r.Z,
                        r.Exits.Select(e => new ExitMapView(e.Direction.Name(), e.ToRoomId)).ToList())).ToList()),
                Json);
            foreach (var room in rooms)
            {
                byRoom[room.Id] = json;
            }
        }

        return byRoom.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private sealed record ZoneMap(ZoneView Zone, IReadOnlyList<RoomMapView> Rooms);

    private sealed record ZoneView(string Id, string Name);

    private sealed record RoomMapView(string Id, string Name, int X, int Y, int Z, IReadOnlyList<ExitMapView> Exits);

    private sealed record ExitMapView(string Direction, string RoomId);
}
