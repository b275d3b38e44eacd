using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ExVenture.Cluster.Tests.Support;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Dns;
using ExVenture.TestSupport.Game;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Cluster discovery through Fly's private DNS, with a DNS stub in the test process standing in for <c>fdaa::3</c>:
/// two real server processes on IPv6 loopback (<c>::1</c>) find each other in <c>&lt;app&gt;.internal</c> and form one cluster.
/// This machine has one IPv6 loopback address, so both listen on <c>::1</c> (on different ports, CLUSTER_PEER_PORT
/// telling node 2 where node 1 listens); node 2 calls itself <c>::2</c> in the DNS (FLY_PRIVATE_IP), so the two have
/// different addresses there, as two Fly machines do.
/// </summary>
public sealed class FlyDnsDiscoveryTests(ITestOutputHelper output)
{
    private const string App = "dnsapp";

    [Fact]
    public async Task Two_nodes_on_ipv6_loopback_find_each_other_in_the_private_dns_and_form_one_cluster()
    {
        var log = output.Lines();
        await using var dns = new DnsStub();
        var first = IPAddress.IPv6Loopback;
        var second = IPAddress.Parse("::2");
        dns.SetAaaa($"{App}.internal", second, first); // unordered, as a resolver may answer
        dns.SetTxt($"vms.{App}.internal", "1781970a2d4589 iad,e784e90a1e0d28 lhr");
        dns.SetAaaa($"iad.{App}.internal", first);
        dns.SetAaaa($"lhr.{App}.internal", second);

        using var folder = new TempDirectory("exventure-flydns");
        var database = await PostgresServer.Shared.CreateDatabaseAsync("flydns");
        var common = new Dictionary<string, string?>
        {
            ["FLY_APP_NAME"] = App,
            ["CLUSTER_DISCOVERY"] = "fly-dns",
            ["DNS_SERVER"] = dns.Address,
            ["CLUSTER_HOST"] = "::1",
            ["RELEASE_COMMAND"] = "1", // for migrate only: as Fly runs release_command
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        var variables = await ProductionEnvironment.MigratedAsync(database, "fly-dns-test-secret-key-base-0123456789-abcdefghijklmnopqrstuvwxyz", folder.Path, "Information", common);
        Assert.Empty(dns.Questions); // the release command asked the DNS nothing
        variables.Remove("RELEASE_COMMAND");

        var port1 = FreePort.Next();
        var port2 = FreePort.Next();
        var node1 = Node(variables, first, port1, port1, "iad");
        var node2 = Node(variables, second, port2, port1, "lhr");
        var clock = Stopwatch.StartNew();
        var started = await Task.WhenAll(
            ServerProcess.StartAsync("node1", node1, folder.Path),
            ServerProcess.StartAsync("node2", node2, folder.Path));
        await using var server1 = started[0];
        await using var server2 = started[1];
        log($"both Up after {clock.Elapsed.TotalSeconds:F1} s");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var members = await Task.WhenAll(started.Select(s => MembersAsync(http, s)));
            if (members.All(m => m == 2))
            {
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"members {string.Join(',', members)}\n{server1.Output}\n{server2.Output}");
            await Task.Delay(200);
        }

        log($"one cluster of 2 after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains($"akka.tcp://exventure@[::1]:{port1}", server2.Output + server1.Output);
        Assert.Contains("lowest address", server1.Output);
        Assert.Contains($"joining [[::1]:{port1}]", server2.Output);
        Assert.Contains("(iad)", server2.Output);
        Assert.Contains($"AAAA {App}.internal", dns.Questions);
        Assert.Contains($"TXT vms.{App}.internal", dns.Questions);
    }

    private static Dictionary<string, string?> Node(Dictionary<string, string?> common, IPAddress self, int port, int peerPort, string region) =>
        new(common)
        {
            ["FLY_PRIVATE_IP"] = self.ToString(),
            ["CLUSTER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["CLUSTER_PEER_PORT"] = peerPort.ToString(CultureInfo.InvariantCulture),
            ["FLY_REGION"] = region,
            ["PRIMARY_REGION"] = "iad",
        };

    private static async Task<int?> MembersAsync(HttpClient http, ServerProcess server)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(server.BaseUri, "healthz"));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Number ? members.GetInt32() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }
}
