using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Sessions;
using ExVenture.Actors.Sharding;
using ExVenture.Domain.Characters;
using ExVenture.Server.Accounts;
using ExVenture.Server.Configuration;
using ExVenture.Server.Web;

namespace ExVenture.Server.Play;

/// <summary>
/// <c>GET /socket?token=…&amp;character=…</c>: the one way into the game. Authenticates before the upgrade (a bad
/// token or someone else's character never gets a socket), then starts a session actor for the connection.
/// Clients authenticate with an API token; the browser client with its sign-in cookie instead, which is why an
/// upgrade from a foreign <c>Origin</c> is refused (<see cref="WebSocketOrigin"/>).
/// </summary>
public static class PlayEndpoint
{
    public static IEndpointRouteBuilder MapPlaySocket(this IEndpointRouteBuilder app)
    {
        app.Map("/socket", PlayAsync);
        return app;
    }

    private static async Task PlayAsync(
        HttpContext http,
        AccountAuthenticator authenticator,
        ActorSystem system,
        IActorRegistry registry,
        ServerSettings settings,
        ExVenture.Actors.Hosting.ClusterNodeOptions node,
        ILoggerFactory loggers,
        IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem("Connect with a WebSocket client.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        if (!WebSocketOrigin.IsAllowed(http.Request, settings))
        {
            await Results.Problem("WebSocket connections from other sites are refused.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
            return;
        }

        var token = http.Request.Query["token"].FirstOrDefault() ?? AccountAuthenticator.BearerToken(http.Request);
        var characterName = http.Request.Query["character"].FirstOrDefault();
        var character = token is null && AccountCookie.AccountId(http.User) is { } accountId
            ? await authenticator.AuthorizeCharacterForAccountAsync(accountId, characterName, http.RequestAborted)
            : await authenticator.AuthorizeCharacterAsync(token, characterName, http.RequestAborted);
        if (character is null)
        {
            await Results.Problem("A valid token (or sign-in) and one of your own characters are required: /socket?token=…&character=…", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }

        if (Cluster.Get(system).SelfMember.Status != MemberStatus.Up)
        {
            await Results.Problem("This node is not serving players yet; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var log = loggers.CreateLogger<PlayerConnection>();
        var connection = new PlayerConnection(socket, settings.CommandsPerSecond, log);
        var session = system.ActorOf(PlayerSessionActor.Props(
            CharacterIds.FromName(character.Name),
            character.Name,
            await registry.GetAsync<CharacterRegion>(http.RequestAborted),
            await registry.GetAsync<PresenceActor>(http.RequestAborted),
            connection.Output,
            node.Region));
        log.LogDebug("{Character} connected from {Address}", character.Name, http.Connection.RemoteIpAddress);
        await connection.RunAsync(session, lifetime.ApplicationStopping);
        log.LogDebug("{Character} disconnected", character.Name);
    }
}
