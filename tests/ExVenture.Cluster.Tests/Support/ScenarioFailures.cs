using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests.Support;

internal static class ScenarioFailures
{
    /// <summary>
    /// Runs a scenario and, if it fails with a message that does not carry the nodes' output yet (a player's
    /// expectation timing out, an assertion on a frame), adds it: a multi-node failure is read in the server logs.
    /// </summary>
    public static async Task WithNodeLogsAsync(this LocalCluster cluster, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch (Exception e) when (!e.Message.Contains("----- node1, start #", StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"{e.GetType().Name}: {e.Message}\n\n{cluster.Logs()}", e);
        }
    }
}
