using Akka.Actor;
using Akka.Cluster;
using ExVenture.Actors.Hosting;

namespace ExVenture.Server.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 when this node is an Up cluster member and so serves players; 503 otherwise.
/// No database is checked, on purpose: a node whose primary or region database (DATABASE_URL_&lt;REGION&gt;) is down still
/// serves every entity whose journal is elsewhere, and those entities answer "unreachable" themselves. Failing the
/// check would make Fly restart or route around healthy machines for another region's outage, and take all of the
/// world down for a part of it.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app, ClusterNodeOptions node)
    {
        app.MapGet("/healthz", (ActorSystem system) =>
        {
            var cluster = Cluster.Get(system);
            var status = cluster.SelfMember.Status;
            var body = new
            {
                status = status == MemberStatus.Up ? "ok" : "starting",
                member = status.ToString(),
                node = cluster.SelfAddress.ToString(),
                members = cluster.State.Members.Count(m => m.Status == MemberStatus.Up),
                region = node.Region,
                primaryRegion = node.PrimaryRegion,
            };
            return status == MemberStatus.Up ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
