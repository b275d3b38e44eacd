namespace ExVenture.Bots;

/// <summary>
/// Latencies in log-linear buckets: every power of two of microseconds is split into 64 sub-buckets, so a
/// percentile is exact to within about 1.6 % at any scale, memory is fixed (a few kilobytes) however long the run,
/// and recording is one interlocked increment. Thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Exponents = 40; // 2^40 µs is about 12 days: nothing a bot measures is longer.
    private readonly long[] _counts = new long[Exponents * SubBuckets];
    private long _total;
    private long _maxMicroseconds;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMilliseconds => Interlocked.Read(ref _maxMicroseconds) / 1000.0;

    public void Record(TimeSpan latency)
    {
        var microseconds = Math.Max(0L, (long)latency.TotalMicroseconds);
        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _total);
        RaiseTo(ref _maxMicroseconds, microseconds);
    }

    /// <summary>The latency, in milliseconds, that <paramref name="quantile"/> (0..1) of recorded values do not exceed.</summary>
    public double PercentileMilliseconds(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var wanted = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= wanted)
            {
                return Math.Min(UpperBoundMicroseconds(i) / 1000.0, MaxMilliseconds);
            }
        }

        return MaxMilliseconds;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Add(ref _counts[i], Interlocked.Read(ref other._counts[i]));
        }

        Interlocked.Add(ref _total, other.Count);
        RaiseTo(ref _maxMicroseconds, Interlocked.Read(ref other._maxMicroseconds));
    }

    /// <summary>Sets <paramref name="target"/> to <paramref name="value"/> if that is larger, atomically.</summary>
    internal static void RaiseTo(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public LatencySummary Summary() => new(
        Count,
        PercentileMilliseconds(0.50),
        PercentileMilliseconds(0.95),
        PercentileMilliseconds(0.99),
        MaxMilliseconds);

    // Values below 64 µs get a bucket each; above, the exponent picks a row and the next six bits the column.
    private static int IndexOf(long microseconds)
    {
        if (microseconds < SubBuckets)
        {
            return (int)microseconds;
        }

        // The top bit and the six below it: (value >> shift) is in [64, 128).
        var shift = 63 - (int)long.LeadingZeroCount(microseconds) - SubBucketBits;
        var row = Math.Min(shift + 1, Exponents - 1);
        var column = (int)(microseconds >> shift) - SubBuckets;
        return (row * SubBuckets) + column;
    }

    private static double UpperBoundMicroseconds(int index)
    {
        var row = index / SubBuckets;
        var column = index % SubBuckets;
        return row == 0 ? column + 1 : ((double)(SubBuckets + column + 1) * (1L << (row - 1)));
    }
}

/// <summary>Percentiles of one histogram, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max)
{
    public override string ToString() => Count == 0
        ? "no answers"
        : FormattableString.Invariant($"p50 {P50:F1} ms, p95 {P95:F1} ms, p99 {P99:F1} ms, max {Max:F1} ms");
}
