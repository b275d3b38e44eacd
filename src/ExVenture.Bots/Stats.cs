namespace ExVenture.Bots;

/// <summary>Latencies of answered commands (thread-safe), summarised as percentiles.</summary>
public sealed class Stats
{
    private readonly List<double> _milliseconds = [];
    private int _errors;
    private int _disconnects;

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public int Errors => Volatile.Read(ref _errors);

    public int Disconnects => Volatile.Read(ref _disconnects);

    public void Record(TimeSpan latency)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>A bot lost its connection (and reconnected to another node).</summary>
    public void Disconnected() => Interlocked.Increment(ref _disconnects);

    public string Summary(TimeSpan elapsed)
    {
        double[] sorted;
        lock (_milliseconds)
        {
            sorted = [.. _milliseconds.Order()];
        }

        if (sorted.Length == 0)
        {
            return $"no command was answered; errors {Errors}";
        }

        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"{sorted.Length} commands in {elapsed.TotalSeconds:F1} s = {sorted.Length / elapsed.TotalSeconds:F0} commands/s; " +
               $"latency p50 {At(0.50):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms; errors {Errors}, reconnects {Disconnects}";
    }
}
