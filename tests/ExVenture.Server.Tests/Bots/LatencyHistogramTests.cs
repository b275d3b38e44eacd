using ExVenture.Bots;

namespace ExVenture.Server.Tests.Bots;

/// <summary>The bots' percentiles are what the benchmark figures are made of: they must be right to within the
/// histogram's stated precision at every scale.</summary>
public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.050)]
    [InlineData(0.9)]
    [InlineData(12.5)]
    [InlineData(480)]
    [InlineData(7_300)]
    public void Percentiles_of_known_values_are_within_two_percent(double scaleMilliseconds)
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 1000).Select(i => scaleMilliseconds * i / 1000).ToArray();
        foreach (var value in values.Reverse())
        {
            histogram.Record(TimeSpan.FromMilliseconds(value));
        }

        Assert.Equal(1000, histogram.Count);
        AssertClose(values[499], histogram.PercentileMilliseconds(0.50));
        AssertClose(values[989], histogram.PercentileMilliseconds(0.99));
        Assert.Equal(values[^1], histogram.MaxMilliseconds, precision: 3);
    }

    [Fact]
    public void An_empty_histogram_reports_nothing_and_merging_adds_counts_and_keeps_the_larger_max()
    {
        var first = new LatencyHistogram();
        Assert.Equal(0, first.PercentileMilliseconds(0.99));
        Assert.Equal("no answers", first.Summary().ToString());

        first.Record(TimeSpan.FromMilliseconds(2));
        var second = new LatencyHistogram();
        second.Record(TimeSpan.FromMilliseconds(40));
        first.Add(second);

        Assert.Equal(2, first.Count);
        Assert.Equal(40, first.MaxMilliseconds, precision: 3);
        AssertClose(2, first.PercentileMilliseconds(0.5));
    }

    // One microsecond absolute, for values near the bottom where buckets are a microsecond wide.
    private static void AssertClose(double expected, double actual) =>
        Assert.InRange(actual, (expected * 0.98) - 0.001, (expected * 1.02) + 0.001);
}
