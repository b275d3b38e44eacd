using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExVenture.Bots;

/// <summary>One measured stretch of a run: the steady phase, the sign-in storm, or one step of a ramp.</summary>
/// <param name="OfferedPerSecond">What the bots were told to send (players × rate); for a closed loop, what they sent.</param>
/// <param name="FramesPerSecond">Frames the bots received: answers plus everything others caused (the fan-out).</param>
public sealed record PhaseResult(
    string Name,
    int Bots,
    double Seconds,
    double OfferedPerSecond,
    double SentPerSecond,
    double AnsweredPerSecond,
    double FramesPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> Errors,
    long Disconnects,
    IReadOnlyList<ProcessUsage> Processes)
{
    public long ErrorCount => Errors.Values.Sum();

    public override string ToString()
    {
        var line = new StringBuilder(FormattableString.Invariant(
            $"{Name}: {Bots} players, {Seconds:F0} s: {AnsweredPerSecond:F0} answers/s (sent {SentPerSecond:F0}/s, offered {OfferedPerSecond:F0}/s), {FramesPerSecond:F0} frames/s received; {Latency}"));
        line.Append(CultureInfo.InvariantCulture, $"; errors {ErrorCount}");
        if (ErrorCount > 0)
        {
            line.Append(" (").AppendJoin(", ", Errors.Select(e => $"{e.Key} {e.Value}")).Append(')');
        }

        line.Append(CultureInfo.InvariantCulture, $", disconnects {Disconnects}");
        foreach (var process in Processes)
        {
            line.Append("; ").Append(process);
        }

        return line.ToString();
    }
}

/// <summary>Opening the sockets: how fast players got from socket connect to standing in their room.</summary>
/// <param name="SignIns">Every password sign-in of the swarm's accounts so far (each account signs in once).</param>
public sealed record ConnectResult(int Sockets, double Seconds, LatencySummary Latency, LatencySummary SignIns)
{
    public double PerSecond => Seconds > 0 ? Sockets / Seconds : 0;

    public override string ToString() => FormattableString.Invariant(
        $"connect: {Sockets} sockets to in-world in {Seconds:F1} s = {PerSecond:F0}/s; {Latency}; password sign-ins so far {SignIns.Count}, {SignIns}");
}

/// <summary>A background storm of password sign-ins while the players play.</summary>
public sealed record StormResult(double OfferedPerSecond, double CompletedPerSecond, long Failures, LatencySummary Latency)
{
    public override string ToString() => FormattableString.Invariant(
        $"sign-in storm: {CompletedPerSecond:F1}/s completed of {OfferedPerSecond:F1}/s offered, failures {Failures}; {Latency}");
}

/// <summary>What one run measured; printed for people and written as JSON for tools.</summary>
public sealed record SwarmReport(
    string Machine,
    string Plan,
    ConnectResult Connect,
    IReadOnlyList<PhaseResult> Phases,
    StormResult? Storm,
    int? LargestHeld,
    IReadOnlyDictionary<string, LatencySummary> ByCommand,
    IReadOnlyList<Outage> Outages)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The steady phase of a fixed run, or the last step that held in ramp mode.</summary>
    public PhaseResult? Headline => LargestHeld is { } held ? Phases.LastOrDefault(p => p.Bots == held) : Phases.FirstOrDefault();

    /// <summary>A run succeeded when commands were answered and none failed.</summary>
    public bool Succeeded => Phases.Count > 0 && Phases.All(p => p.Latency.Count > 0) && (LargestHeld is not null || Phases.All(p => p.ErrorCount == 0));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Machine).AppendLine(Plan).AppendLine(Connect.ToString());
        foreach (var phase in Phases)
        {
            text.AppendLine(phase.ToString());
        }

        if (Storm is not null)
        {
            text.AppendLine(Storm.ToString());
        }

        text.Append("by command (whole run):");
        foreach (var (kind, latency) in ByCommand)
        {
            text.Append(CultureInfo.InvariantCulture, $" {kind} {latency.Count}: p50 {latency.P50:F1} p99 {latency.P99:F1} ms;");
        }

        text.AppendLine();

        if (Outages.Count > 0)
        {
            var longest = Outages.MaxBy(o => o.Duration)!;
            text.AppendLine(FormattableString.Invariant(
                $"outages: {Outages.Count}, {Outages.Select(o => o.Bot).Distinct().Count()} players; longest {longest.Duration.TotalSeconds:F1} s (bot {longest.Bot}, from {longest.Start.TotalSeconds:F1} s)"));
        }

        if (LargestHeld is { } held)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"largest player count that held: {held}");
        }

        return text.ToString().TrimEnd();
    }
}
