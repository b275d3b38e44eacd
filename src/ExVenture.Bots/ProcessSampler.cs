using System.Diagnostics;

namespace ExVenture.Bots;

/// <summary>One reading of one process: CPU as a percentage of one core (200 % is two cores busy) since the
/// previous reading, and resident memory.</summary>
public sealed record ProcessSample(string Process, TimeSpan At, double CpuPercent, long ResidentBytes);

/// <summary>
/// Samples the CPU and memory of the processes under test (server nodes, given by pid) and of the bots themselves,
/// so a figure can say who was busy: on one machine the bots and the database compete with the server for the
/// same cores. Uses <see cref="Process.TotalProcessorTime"/> and <see cref="Process.WorkingSet64"/>, which read
/// /proc on Linux. A process that has gone (a killed node) is simply no longer sampled.
/// </summary>
public sealed class ProcessSampler
{
    private readonly List<Watched> _watched;
    private readonly List<ProcessSample> _samples = [];

    public ProcessSampler(IEnumerable<int> serverPids)
    {
        _watched = [.. serverPids.Select(pid => new Watched($"server:{pid}", pid)), new Watched("bots", Environment.ProcessId)];
    }

    public IReadOnlyList<ProcessSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Reads every watched process once; returns this round's readings.</summary>
    public IReadOnlyList<ProcessSample> Sample(TimeSpan at)
    {
        var round = new List<ProcessSample>();
        foreach (var watched in _watched)
        {
            if (watched.Read(at) is { } sample)
            {
                round.Add(sample);
            }
        }

        lock (_samples)
        {
            _samples.AddRange(round);
        }

        return round;
    }

    /// <summary>Average CPU and largest memory of each process between two moments.</summary>
    public IReadOnlyList<ProcessUsage> Usage(TimeSpan from, TimeSpan to) =>
        [.. Samples.Where(s => s.At > from && s.At <= to)
            .GroupBy(s => s.Process)
            .Select(g => new ProcessUsage(g.Key, Math.Round(g.Average(s => s.CpuPercent)), g.Max(s => s.ResidentBytes) / (1024 * 1024)))];

    private sealed class Watched(string name, int pid)
    {
        private TimeSpan? _lastCpu;
        private TimeSpan _lastAt;

        public ProcessSample? Read(TimeSpan at)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                var cpu = process.TotalProcessorTime;
                var (last, lastAt) = (_lastCpu, _lastAt);
                _lastCpu = cpu;
                _lastAt = at;
                // The first reading only starts the clock: CPU use is a difference between two readings.
                return last is { } previous && at > lastAt
                    ? new ProcessSample(name, at, Math.Max(0, 100 * (cpu - previous) / (at - lastAt)), process.WorkingSet64)
                    : null;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}

/// <summary>How busy one process was over a phase: average CPU (% of one core) and peak resident memory.</summary>
public sealed record ProcessUsage(string Process, double CpuPercent, long PeakMegabytes)
{
    public override string ToString() => FormattableString.Invariant($"{Process} cpu {CpuPercent:F0} %, rss {PeakMegabytes} MB");
}
