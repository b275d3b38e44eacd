using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// <c>bench journal [BenchmarkDotNet arguments]</c>: the journal benchmarks, <see cref="JournalThroughputBenchmarks"/>
/// (entities against raw inserts) and <see cref="RecoveryBenchmarks"/> (10,000 characters back from the journal), on
/// PostgreSQL (<c>EXVENTURE_TEST_POSTGRES</c>, or a throwaway server from /usr/lib/postgresql). Arguments go to
/// BenchmarkDotNet unchanged (<c>--filter *Recovery*</c>); without a filter, everything runs.
/// <para>Benchmarks run in this process (in-process emit toolchain), because BenchmarkDotNet's generated projects do not
/// build under the repository's central package management and warnings-as-errors. Each is a handful of long
/// iterations (monitoring strategy: no pilot, no unrolling), which is what operations of seconds on a real database want.
/// Results go to artifacts/bench/BenchmarkDotNet, and a plain-text summary of the figures is printed
/// at the end.</para>
/// </summary>
public static class JournalSuite
{
    public static int Run(string[] args)
    {
        var job = Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithId("journal");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(ExVenture.TestSupport.RepositoryPaths.Root, "artifacts", "bench", "BenchmarkDotNet"))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond));

        var hasFilter = args.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal));
        var summaries = BenchmarkSwitcher
            .FromTypes([typeof(JournalThroughputBenchmarks), typeof(RecoveryBenchmarks)])
            .Run(hasFilter ? args : [.. args, "--filter", "*"], config)
            .ToList();

        var text = Figures(summaries);
        Console.WriteLine();
        Console.WriteLine(text);
        foreach (var directory in summaries.Select(s => s.ResultsDirectoryPath).Distinct())
        {
            File.WriteAllText(Path.Combine(directory, "journal-figures.txt"), text);
        }

        var failed = summaries.Count == 0
            || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(r => !r.Success || r.ResultStatistics is null));
        return failed ? 1 : 0;
    }

    /// <summary>What each benchmark stands for, in words: events/s and the ratio; characters/s and the time for all.</summary>
    private static string Figures(IEnumerable<Summary> summaries)
    {
        var text = new StringBuilder("Journal figures (mean of the measured iterations)\n");
        foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
        {
            var benchmark = report.BenchmarkCase;
            var secondsPerOperation = report.ResultStatistics!.Mean / 1e9;
            var perSecond = 1 / secondsPerOperation;
            var method = benchmark.Descriptor.WorkloadMethod.Name;
            var parameters = benchmark.HasParameters ? " " + benchmark.Parameters.DisplayInfo : "";
            switch (benchmark.Descriptor.Type.Name)
            {
                case nameof(JournalThroughputBenchmarks):
                    text.AppendLine(Invariant($"  {method,-18} {perSecond,12:N0} events/s"));
                    break;
                case nameof(RecoveryBenchmarks):
                    var all = secondsPerOperation * RecoveryBenchmarks.CharacterCount;
                    text.AppendLine(Invariant(
                        $"  {method}{parameters}: {RecoveryBenchmarks.CharacterCount:N0} characters in {all:N2} s = {perSecond:N0} characters/s (target under 5 s: {(all < 5 ? "met" : "missed")})"));
                    break;
            }
        }

        var throughput = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null && r.BenchmarkCase.Descriptor.Type == typeof(JournalThroughputBenchmarks))
            .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean);
        if (throughput.TryGetValue(nameof(JournalThroughputBenchmarks.RawBatchedInserts), out var raw)
            && throughput.TryGetValue(nameof(JournalThroughputBenchmarks.CharacterEntities), out var entities))
        {
            text.AppendLine(Invariant($"  Entities reach {raw / entities:P0} of raw inserts (Ratio, time per event: {entities / raw:N2})."));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
