using System.Net;
using ExVenture.Actors.ClusterFormation;
using ExVenture.TestSupport.Dns;
using Microsoft.Extensions.Logging;

namespace ExVenture.Actors.Tests.ClusterFormation;

public sealed class FlyDnsSeedsTests
{
    private const string App = "exv.internal";
    private static readonly IPAddress A = IPAddress.Parse("fdaa:0:1::2");
    private static readonly IPAddress B = IPAddress.Parse("fdaa:0:1::a");
    private static readonly IPAddress C = IPAddress.Parse("fdaa:0:2::3");

    [Fact]
    public void Vms_txt_gives_each_machines_region_across_strings_and_skips_malformed_entries()
    {
        var machines = FlyDnsSeeds.ParseVms(["1781970a2d4589 iad, e784e90a1e0d28 LHR,", "garbage,91857f6b nrt"]);

        Assert.Equal(new Dictionary<string, string> { ["1781970a2d4589"] = "iad", ["e784e90a1e0d28"] = "lhr", ["91857f6b"] = "nrt" }, machines);
        Assert.Empty(FlyDnsSeeds.ParseVms([]));
    }

    [Fact]
    public void Seeds_leave_this_machine_out_and_put_the_lowest_address_first_whatever_order_the_dns_answered_in()
    {
        Assert.Equal(["[fdaa:0:1::2]:4053"], FlyDnsSeeds.SeedsFor(B, "self", [B, A], 4053));
        Assert.Equal(["[fdaa:0:1::2]:4053", "[fdaa:0:1::a]:4053"], FlyDnsSeeds.SeedsFor(C, "[fdaa:0:2::3]:4053", [B, C, A, B], 4053));
    }

    [Fact]
    public void Only_the_node_with_the_lowest_address_lists_itself_first_so_only_it_may_start_the_cluster()
    {
        Assert.Equal(["self", "[fdaa:0:1::a]:4053", "[fdaa:0:2::3]:4053"], FlyDnsSeeds.SeedsFor(A, "self", [C, B, A], 4053));
        Assert.DoesNotContain("self", FlyDnsSeeds.SeedsFor(B, "self", [C, B, A], 4053));
        Assert.Empty(FlyDnsSeeds.SeedsFor(A, "self", [A], 4053));
    }

    [Fact]
    public async Task A_node_alone_in_the_dns_asks_again_before_starting_a_cluster_of_its_own()
    {
        var dns = new FakeDns { Aaaa = [At(A), At(), At(A)] };
        var delays = new List<TimeSpan>();
        var seeds = await Seeds(A, dns, delays, aloneAnswers: 3).FindSeedsAsync(CancellationToken.None);

        Assert.Empty(seeds);
        Assert.Equal(3, dns.AaaaQuestions);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task A_machine_that_appears_while_this_one_waits_alone_becomes_its_seed()
    {
        var dns = new FakeDns { Aaaa = [At(B), At(B, A)] };
        var seeds = await Seeds(B, dns, [], aloneAnswers: 5).FindSeedsAsync(CancellationToken.None);

        Assert.Equal(["[fdaa:0:1::2]:4053"], seeds);
    }

    [Fact]
    public async Task A_failing_resolver_is_logged_and_asked_again_not_a_crash()
    {
        var dns = new FakeDns { Aaaa = [new DnsLookupException("AAAA exv.internal via [fdaa::3]:53: timed out"), At(A, B)] };
        var log = new ListLogger();
        var delays = new List<TimeSpan>();
        var seeds = await Seeds(B, dns, delays, logger: log).FindSeedsAsync(CancellationToken.None);

        Assert.Equal(["[fdaa:0:1::2]:4053"], seeds);
        Assert.Single(delays);
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("cannot resolve exv.internal", warning.Text);
        Assert.Contains("timed out", warning.Text);
    }

    [Fact]
    public async Task Regions_come_from_the_vms_txt_and_a_failing_txt_only_loses_them()
    {
        var dns = new FakeDns { Aaaa = [At(A, B, C)], Txt = ["m1 iad,m2 lhr"], RegionAaaa = { ["iad.exv.internal"] = [B], ["lhr.exv.internal"] = [C] } };
        var peers = await Seeds(A, dns, []).OtherMachinesAsync(CancellationToken.None);
        Assert.Equal([new FlyPeer(B, "iad"), new FlyPeer(C, "lhr")], peers);

        var broken = new FakeDns { Aaaa = [At(A, B)], TxtFails = true };
        Assert.Equal([new FlyPeer(B, null)], await Seeds(A, broken, []).OtherMachinesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_stops_the_search()
    {
        using var cancel = new CancellationTokenSource();
        var dns = new FakeDns { Aaaa = [new DnsLookupException("down")] };
        var seeds = new FlyDnsSeeds(new FlyDnsOptions(App, A, 4053, "self"), dns, delay: (_, _) =>
        {
            cancel.Cancel();
            return Task.FromCanceled(cancel.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => seeds.FindSeedsAsync(cancel.Token));
    }

    [Fact]
    public async Task The_real_lookup_reads_aaaa_and_txt_from_a_name_server_and_reports_a_failing_one()
    {
        await using var stub = new DnsStub();
        stub.SetAaaa(App, B, A);
        stub.SetTxt("vms." + App, "m1 iad,m2 lhr");
        var dns = new DnsClientLookup(stub.EndPoint);

        Assert.Equal([B, A], await dns.AaaaAsync(App, CancellationToken.None));
        Assert.Equal(["m1 iad,m2 lhr"], await dns.TxtAsync("vms." + App, CancellationToken.None));
        Assert.Empty(await dns.AaaaAsync("nobody.internal", CancellationToken.None));

        stub.Failing = true;
        await Assert.ThrowsAsync<DnsLookupException>(() => dns.AaaaAsync(App, CancellationToken.None));
    }

    private static object At(params IPAddress[] addresses) => addresses;

    private static FlyDnsSeeds Seeds(IPAddress self, FakeDns dns, List<TimeSpan> delays, int aloneAnswers = 5, ILogger? logger = null) =>
        new(new FlyDnsOptions(App, self, 4053, FlyDnsSeeds.Seed(self, 4053)) { AloneAnswers = aloneAnswers }, dns, logger, (delay, _) =>
        {
            delays.Add(delay);
            return Task.CompletedTask;
        });

    /// <summary>Answers AAAA for the app domain from a script (an address list or an exception per question; the last repeats).</summary>
    private sealed class FakeDns : IDnsLookup
    {
        public List<object> Aaaa { get; init; } = [];

        public List<string> Txt { get; init; } = [];

        public bool TxtFails { get; init; }

        public Dictionary<string, IPAddress[]> RegionAaaa { get; } = [];

        public int AaaaQuestions { get; private set; }

        public string Server => "fake";

        public Task<IReadOnlyList<IPAddress>> AaaaAsync(string name, CancellationToken cancellationToken)
        {
            if (name != App)
            {
                return Task.FromResult<IReadOnlyList<IPAddress>>(RegionAaaa.GetValueOrDefault(name) ?? []);
            }

            var answer = Aaaa[Math.Min(AaaaQuestions++, Aaaa.Count - 1)];
            return answer is Exception e ? Task.FromException<IReadOnlyList<IPAddress>>(e) : Task.FromResult<IReadOnlyList<IPAddress>>((IPAddress[])answer);
        }

        public Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken) =>
            TxtFails ? Task.FromException<IReadOnlyList<string>>(new DnsLookupException("SERVFAIL")) : Task.FromResult<IReadOnlyList<string>>(Txt);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
