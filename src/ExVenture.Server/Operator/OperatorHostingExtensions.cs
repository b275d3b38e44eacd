using ExVenture.Actors.Operator;
using ExVenture.Server.Configuration;

namespace ExVenture.Server.Operator;

public static class OperatorHostingExtensions
{
    /// <summary>
    /// Adds the operator host and the in-memory log it reads. Call before the actor system is added: hosted services
    /// stop in reverse order, so the operator port then closes only after the actor system has left the cluster,
    /// and the answer to <c>cluster leave</c> is written before the process ends.
    /// </summary>
    public static OperatorNodeOptions AddOperatorHost(this WebApplicationBuilder builder, ServerSettings settings, string worldDirectory, string region)
    {
        var log = new RecentLogLines();
        builder.Logging.AddProvider(new RecentLogProvider(log));
        builder.Services.AddHostedService(services => new OperatorHost(settings, services));

        return new OperatorNodeOptions(worldDirectory, region, log);
    }
}
