using Akka.Actor;
using Akka.Configuration;
using ExVenture.Actors.Wan;

namespace ExVenture.Actors.Tests.Wan;

public sealed class WanEmulationTests
{
    [Fact]
    public void An_environment_value_lists_host_port_and_milliseconds()
    {
        var delays = WanEmulation.Parse("127.0.0.1:4101=40, 127.0.0.1:4102=72.5 ,[::1]:4053=10ms,Node-1.Internal:4053=0");

        Assert.Equal(TimeSpan.FromMilliseconds(40), delays["127.0.0.1:4101"]);
        Assert.Equal(TimeSpan.FromMilliseconds(72.5), delays["127.0.0.1:4102"]);
        Assert.Equal(TimeSpan.FromMilliseconds(10), delays["[::1]:4053"]);
        Assert.Equal(TimeSpan.Zero, delays["node-1.internal:4053"]);
        Assert.Empty(WanEmulation.Parse(" "));
        Assert.Empty(WanEmulation.Parse(null));
    }

    [Theory]
    [InlineData("127.0.0.1:4101", "not host:port=milliseconds")]
    [InlineData("127.0.0.1=40", "not host:port")]
    [InlineData("127.0.0.1:0=40", "port 1..65535")]
    [InlineData("127.0.0.1:70000=40", "port 1..65535")]
    [InlineData("::1:4053=40", "IPv6 host in brackets")]
    [InlineData(":4053=40", "not host:port")]
    [InlineData("[]:4053=40", "not a host")]
    [InlineData("127.0.0.1:4101=-5", "not a number of milliseconds")]
    [InlineData("127.0.0.1:4101=fast", "not a number of milliseconds")]
    [InlineData("127.0.0.1:4101=40,127.0.0.1:4101=50", "listed twice")]
    public void Malformed_entries_are_errors_that_say_what_is_wrong(string spec, string problem)
    {
        var error = Assert.Throws<FormatException>(() => WanEmulation.Parse(spec));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_finds_its_entry_whatever_the_case_or_brackets_of_its_host()
    {
        Assert.Equal("[fdaa::3]:4053", WanEmulation.Key("FDAA::3", 4053));
        Assert.Equal("[fdaa::3]:4053", WanEmulation.Key("[fdaa::3]", 4053));
        Assert.Equal("node1:4053", WanEmulation.Key("Node1", 4053));
    }

    [Fact]
    public void The_hocon_registers_the_adapter_on_tcp_and_reads_back_as_the_same_delays()
    {
        var delays = WanEmulation.Parse("127.0.0.1:4101=40,[::1]:4102=72.5");

        var config = WanEmulation.Hocon(delays);

        Assert.Equal([WanEmulation.AdapterName], config.GetStringList("akka.remote.dot-netty.tcp.applied-adapters"));
        Assert.Equal(
            "ExVenture.Actors.Wan.WanDelayAdapterProvider,ExVenture.Actors",
            config.GetString($"akka.remote.adapters.{WanEmulation.AdapterName}"));
        Assert.Equal(delays, WanEmulation.FromConfig(config));
        Assert.NotNull(Type.GetType(config.GetString($"akka.remote.adapters.{WanEmulation.AdapterName}")));
    }

    [Fact]
    public void A_malformed_hocon_entry_is_a_configuration_error_naming_the_path()
    {
        var config = ConfigurationFactory.ParseString($"{WanEmulation.DelaysPath} = [\"nowhere\"]");

        var error = Assert.Throws<ConfigurationException>(() => WanEmulation.FromConfig(config));

        Assert.Contains(WanEmulation.DelaysPath, error.Message, StringComparison.Ordinal);
        Assert.Empty(WanEmulation.FromConfig(ConfigurationFactory.Empty));
    }

    [Fact]
    public void A_node_address_not_listed_is_not_delayed()
    {
        using var system = ActorSystem.Create("wan-lookup", "akka.loglevel = WARNING");
        var transport = new WanDelayTransport(new NoTransport(), (ExtendedActorSystem)system, WanEmulation.Parse("127.0.0.1:4101=40,[::1]:4102=5"));

        Assert.Equal(TimeSpan.FromMilliseconds(40), transport.DelayTo(new Address("akka.tcp", "exventure", "127.0.0.1", 4101)));
        Assert.Equal(TimeSpan.FromMilliseconds(5), transport.DelayTo(new Address("akka.tcp", "exventure", "[::1]", 4102)));
        Assert.Equal(TimeSpan.Zero, transport.DelayTo(new Address("akka.tcp", "exventure", "127.0.0.1", 4102)));
        Assert.Equal("tcp", transport.SchemeIdentifier);
    }

    /// <summary>Only the scheme is asked of it.</summary>
    private sealed class NoTransport : Akka.Remote.Transport.Transport
    {
        public override string SchemeIdentifier => "tcp";

        public override Task<(Address, TaskCompletionSource<Akka.Remote.Transport.IAssociationEventListener>)> Listen() => throw new NotSupportedException();

        public override bool IsResponsibleFor(Address remote) => true;

        public override Task<Akka.Remote.Transport.AssociationHandle> Associate(Address remoteAddress) => throw new NotSupportedException();

        public override Task<bool> Shutdown() => Task.FromResult(true);
    }
}
