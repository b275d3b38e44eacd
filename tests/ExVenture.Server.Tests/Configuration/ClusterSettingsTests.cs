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

    private static (string, string) RegionsOf(ClusterNodeOptions options) => (options.Region, options.PrimaryRegion);

    private static ClusterNodeOptions Load(params (string Key, string Value)[] variables) =>
        ClusterSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
