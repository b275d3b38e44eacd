using ExVenture.Actors.Hosting;
using ExVenture.Server.Configuration;
using ExVenture.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace ExVenture.Server.Tests.Configuration;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void A_node_told_nothing_is_in_the_local_region_which_is_also_primary()
    {
        var options = Load();

        Assert.Equal((Regions.Local, Regions.Local), RegionsOf(options));
        Assert.Equal(["region-local"], options.Roles);
    }

    [Fact]
    public void Flys_region_wins_over_REGION_and_primary_defaults_to_the_nodes_own()
    {
        Assert.Equal(("nrt", "iad"), RegionsOf(Load(("FLY_REGION", "nrt"), ("REGION", "lhr"), ("PRIMARY_REGION", "iad"))));
        Assert.Equal(("lhr", "lhr"), RegionsOf(Load(("REGION", "LHR"))));
        Assert.Equal(("iad", "iad"), RegionsOf(Load(("PRIMARY_REGION", "iad"))));
    }

    [Fact]
    public void The_region_is_a_role_beside_the_configured_ones_and_replaces_a_stale_region_role()
    {
        var options = Load(("REGION", "lhr"), ("CLUSTER_ROLES", "web, region-iad ,game"));

        Assert.Equal(["web", "game", "region-lhr"], options.Roles);
        Assert.Equal("lhr", Regions.FromRoles(options.Roles));
    }

    [Fact]
    public void A_malformed_region_is_a_configuration_error_naming_the_variable()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(("REGION", "l h r"), ("PRIMARY_REGION", "x")));

        Assert.Contains("REGION", error.Message);
        Assert.Contains("'l h r' is not a region code", error.Message);
        Assert.Contains("PRIMARY_REGION", error.Message);
    }

    [Fact]
    public void Without_fly_discovery_is_static_from_CLUSTER_SEEDS_on_loopback()
    {
        var options = ClusterSettings.Load(Config(("CLUSTER_SEEDS", "10.0.0.1:4053")), out var discovery);

        Assert.Equal(ClusterDiscoveryMode.Static, discovery.Mode);
        Assert.Equal(("127.0.0.1", 0), (options.Hostname, options.Port));
        Assert.Equal(["10.0.0.1:4053"], options.Seeds);
        Assert.Null(discovery.DnsServer);
    }

    [Fact]
    public void On_fly_without_seeds_discovery_is_the_private_dns_and_the_private_ip_is_the_cluster_host()
    {
        var options = ClusterSettings.Load(Config(("FLY_APP_NAME", "exventure-akka"), ("FLY_PRIVATE_IP", "fdaa:0:1:a7b:1f2:2b5f:9a1c:2")), out var discovery);

        Assert.Equal(ClusterDiscoveryMode.FlyDns, discovery.Mode);
        Assert.Equal("exventure-akka.internal", discovery.AppDomain);
        Assert.Equal(("fdaa:0:1:a7b:1f2:2b5f:9a1c:2", ClusterSettings.FlyClusterPort), (options.Hostname, options.Port));
        Assert.Equal(System.Net.IPAddress.Parse("fdaa:0:1:a7b:1f2:2b5f:9a1c:2"), discovery.Self);
        Assert.Equal(ClusterSettings.FlyDnsServer, discovery.DnsServer);
        Assert.Equal(ClusterSettings.FlyClusterPort, discovery.PeerPort);
        Assert.Empty(options.Seeds);
    }

    [Fact]
    public void On_fly_CLUSTER_SEEDS_or_CLUSTER_DISCOVERY_static_keeps_static_seeds()
    {
        ClusterSettings.Load(Config(("FLY_APP_NAME", "a"), ("FLY_PRIVATE_IP", "fdaa::2"), ("CLUSTER_SEEDS", "[fdaa::5]:4053")), out var seeded);
        ClusterSettings.Load(Config(("FLY_APP_NAME", "a"), ("FLY_PRIVATE_IP", "fdaa::2"), ("CLUSTER_DISCOVERY", "static")), out var told);

        Assert.Equal((ClusterDiscoveryMode.Static, ClusterDiscoveryMode.Static), (seeded.Mode, told.Mode));
    }

    [Fact]
    public void DNS_SERVER_and_an_ipv6_CLUSTER_HOST_are_taken_as_written()
    {
        var options = ClusterSettings.Load(
            Config(("CLUSTER_DISCOVERY", "FLY-DNS"), ("FLY_APP_NAME", "a"), ("CLUSTER_HOST", "::1"), ("CLUSTER_PORT", "4100"), ("DNS_SERVER", "[::1]:5353"), ("CLUSTER_PEER_PORT", "4101")),
            out var discovery);

        Assert.Equal(("::1", 4100), (options.Hostname, options.Port));
        Assert.Equal(System.Net.IPAddress.IPv6Loopback, discovery.Self);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 5353), discovery.DnsServer);
        Assert.Equal(4101, discovery.PeerPort);
        ClusterSettings.Load(Config(("DNS_SERVER", "fdaa::3")), out var noPort);
        Assert.Equal(ClusterSettings.FlyDnsServer, noPort.DnsServer);
    }

    [Fact]
    public void Bad_discovery_settings_are_configuration_errors_naming_the_variable()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Load(Config(("CLUSTER_DISCOVERY", "consul"), ("DNS_SERVER", "dns.example.com"), ("FLY_PRIVATE_IP", "nope")), out _));
        Assert.Contains("'consul' is not static or fly-dns", error.Message);
        Assert.Contains("DNS_SERVER", error.Message);
        Assert.Contains("FLY_PRIVATE_IP", error.Message);

        var missing = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Load(Config(("CLUSTER_DISCOVERY", "fly-dns"), ("CLUSTER_HOST", "node1.local")), out _));
        Assert.Contains("FLY_APP_NAME", missing.Message);
        Assert.Contains("FLY_PRIVATE_IP", missing.Message);
        Assert.Contains("CLUSTER_PORT", missing.Message);
    }

    [Fact]
    public void WAN_emulation_is_off_unless_WAN_EMULATION_lists_delays()
    {
        Assert.Null(Load().WanOneWayDelays);
        Assert.Null(Load(("WAN_EMULATION", " ")).WanOneWayDelays);

        var delays = Load(("WAN_EMULATION", "127.0.0.1:4101=40,[::1]:4102=72.5")).WanOneWayDelays;

        Assert.NotNull(delays);
        Assert.Equal(TimeSpan.FromMilliseconds(40), delays["127.0.0.1:4101"]);
        Assert.Equal(TimeSpan.FromMilliseconds(72.5), delays["[::1]:4102"]);
    }

    [Fact]
    public void A_malformed_WAN_EMULATION_is_a_configuration_error_naming_the_variable()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(("WAN_EMULATION", "127.0.0.1:4101=soon")));

        Assert.Contains("WAN_EMULATION", error.Message);
        Assert.Contains("'127.0.0.1:4101=soon'", error.Message);
    }

    [Fact]
    public void REGION_DISTANCES_are_symmetric_and_default_to_every_region_equally_far()
    {
        Assert.Null(Load().RegionDistances);

        var distances = Load(("REGION_DISTANCES", "iad-lhr=80, IAD-nrt=145,lhr-nrt=210,us-east:eu-west=90")).RegionDistances;

        Assert.NotNull(distances);
        Assert.Equal(80, distances.Between("lhr", "iad"));
        Assert.Equal(145, distances.Between("iad", "nrt"));
        Assert.Equal(210, distances.Between("nrt", "lhr"));
        Assert.Equal(90, distances.Between("eu-west", "us-east"));
        Assert.Equal(Actors.Sharding.RegionDistances.Unlisted, distances.Between("iad", "syd"));
    }

    [Fact]
    public void A_pair_with_codes_that_contain_dashes_is_written_with_a_colon()
    {
        Assert.Equal(30, Load(("REGION_DISTANCES", "us-east-2:lhr=30")).RegionDistances!.Between("us-east-2", "lhr"));
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(("REGION_DISTANCES", "us-east-2-lhr=30")));
        Assert.Contains("write it from:to", error.Message);
    }

    [Theory]
    [InlineData("iad-lhr", "not from-to=distance")]
    [InlineData("iad=80", "not two region codes")]
    [InlineData("iad-L H R=80", "not two region codes")]
    [InlineData("us-east-eu-west=80", "write it from:to")]
    [InlineData("iad-iad=0", "a region is 0 from itself")]
    [InlineData("iad-lhr=80.5", "not a whole distance")]
    [InlineData("iad-lhr=-1", "not a whole distance")]
    [InlineData("iad-lhr=80,lhr-iad=70", "listed twice")]
    public void A_malformed_REGION_DISTANCES_is_a_configuration_error_naming_the_variable(string value, string problem)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load(("REGION_DISTANCES", value)));

        Assert.Contains("REGION_DISTANCES", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private static IConfiguration Config(params (string Key, string Value)[] variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static (string, string) RegionsOf(ClusterNodeOptions options) => (options.Region, options.PrimaryRegion);

    private static ClusterNodeOptions Load(params (string Key, string Value)[] variables) =>
        ClusterSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
