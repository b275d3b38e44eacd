using System.Diagnostics;
using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>Scripted players playing in the background while a test changes the cluster under them.</summary>
internal sealed class Playthrough : IAsyncDisposable
{
    private readonly LocalCluster _cluster;
    private readonly IReadOnlyList<ScriptedPlayer> _players;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs;

    private Playthrough(LocalCluster cluster, IReadOnlyList<ScriptedPlayer> players)
    {
        _cluster = cluster;
        _players = players;
        _runs = players.Select(p => Task.Run(() => p.RunAsync(_stop.Token))).ToList();
    }

    public static Playthrough Start(LocalCluster cluster, IReadOnlyList<ScriptedPlayer> players) => new(cluster, players);

    /// <summary>
    /// Waits until every player has had <paramref name="more"/> further commands answered: the signal that play goes
    /// on (after a start, a crash, a restart). Returns how long that took; fails if a player's script failed.
    /// </summary>
    public async Task<TimeSpan> WaitUntilEachAnsweredAsync(int more, string what, TimeSpan? within = null)
    {
        var targets = _players.ToDictionary(p => p, p => p.AnsweredCount + more);
        var limit = within ?? TimeSpan.FromSeconds(120);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_runs.FirstOrDefault(r => r.IsFaulted) is { } failed)
            {
                await failed; // the script's own failure, with its message
            }

            if (targets.All(t => t.Key.AnsweredCount >= t.Value))
            {
                _cluster.Log($"{what}: every player had {more} more commands answered ({LocalCluster.Seconds(clock.Elapsed)})");
                return clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                var behind = targets.Where(t => t.Key.AnsweredCount < t.Value).Select(t => t.Key.Describe());
                throw new Xunit.Sdk.XunitException(
                    $"{what}: not every player had {more} more commands answered within {LocalCluster.Seconds(limit)}.\n"
                    + string.Join("\n\n", behind) + "\n\n" + _cluster.Logs());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Stops the scripts after the command each is in, and surfaces any script failure.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs);
        _cluster.Log($"scripts stopped: {string.Join(", ", _players.Select(p => $"{p.Character} {p.AnsweredCount} answered/{p.History.Count} sent, {p.Reconnects} reconnect(s)"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
