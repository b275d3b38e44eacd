using System.Diagnostics;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>WAN_EMULATION reaches the actor system of a real server process (the adapter is loaded by type name
/// there), and a bad value stops the server before anything starts.</summary>
public sealed class WanEmulationServerTests
{
    private const string Warning = "WAN emulation is on, for tests and benchmarks only";

    [Fact]
    public async Task A_server_with_WAN_EMULATION_starts_with_the_adapter_and_says_it_is_for_tests_only()
    {
        await using var environment = GameServerEnvironment.Development();
        environment.Variables["WAN_EMULATION"] = "127.0.0.1:4999=40,[::1]:4998=72.5";
        environment.Variables["REGION_DISTANCES"] = "iad-lhr=80,iad-nrt=145,lhr-nrt=210";

        var server = await environment.StartAsync();

        // The adapter warns when remoting starts listening, before the node is Up; console logging may lag a little.
        var waited = Stopwatch.StartNew();
        while (!server.Output.Contains(Warning, StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited)
        {
            await Task.Delay(100);
        }

        Assert.Contains(Warning, server.Output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:4999 40ms", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_WAN_EMULATION_stops_the_server_with_a_configuration_error()
    {
        await using var environment = GameServerEnvironment.Development();
        environment.Variables["WAN_EMULATION"] = "127.0.0.1:4999";

        var (exitCode, output) = await environment.RunAsync([]);

        Assert.Equal(1, exitCode);
        Assert.Contains("WAN_EMULATION", output, StringComparison.Ordinal);
    }
}
