using ExVenture.TestSupport.Dns;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>Fly's release_command machine (RELEASE_COMMAND=1) migrates and exits: it never asks the private DNS for
/// peers and never joins the cluster, even with every Fly variable that would turn DNS discovery on.</summary>
public sealed class ReleaseCommandTests
{
    [Fact]
    public async Task A_release_command_machine_migrates_without_asking_the_dns_and_refuses_to_start_a_node()
    {
        await using var dns = new DnsStub();
        dns.SetAaaa("exv.internal", System.Net.IPAddress.Parse("fdaa::2"));
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["RELEASE_COMMAND"] = "1";
        environment.Variables["FLY_APP_NAME"] = "exv";
        environment.Variables["FLY_PRIVATE_IP"] = "::1";
        environment.Variables["DNS_SERVER"] = dns.Address;

        var migrate = await environment.RunAsync(["migrate"]);
        Assert.True(migrate.ExitCode == 0, migrate.Output);

        var start = await environment.RunAsync([]);
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("RELEASE_COMMAND", start.Output);
        Assert.Empty(dns.Questions);
    }
}
