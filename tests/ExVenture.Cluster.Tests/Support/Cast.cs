using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>The scripted players of a scenario and the observer who checks the world at the end.</summary>
internal sealed class Cast : IAsyncDisposable
{
    private static readonly string[] Names = ["Wren", "Hale", "Corin", "Isolde", "Tamsin", "Odo"];

    private Cast(IReadOnlyList<ScriptedPlayer> players, ScriptedPlayer observer)
    {
        Players = players;
        Observer = observer;
    }

    public IReadOnlyList<ScriptedPlayer> Players { get; }

    /// <summary>Not scripted: walks in at the end to look at the rooms (see <see cref="InvariantChecker"/>).</summary>
    public ScriptedPlayer Observer { get; }

    /// <summary>Signs up one player per entry of <paramref name="homeNodes"/>, connects each to its home node and reads its state.</summary>
    public static async Task<Cast> AssembleAsync(LocalCluster cluster, params int[] homeNodes)
    {
        var players = homeNodes.Select((home, i) => new ScriptedPlayer(cluster, Names[i], home, seed: 1000 + i)).ToList();
        var observer = new ScriptedPlayer(cluster, "Warden", homeNode: 1, seed: 0);
        await Task.WhenAll(players.Append(observer).Select(p => p.SignUpAsync()));
        await Task.WhenAll(players.Select(async p =>
        {
            await p.ConnectAsync();
            await p.SyncUntilAnsweredAsync(TimeSpan.FromSeconds(30));
        }));

        cluster.Log("players connected: " + string.Join(", ", players.Select(p => $"{p.Character} on {p.Node}")));
        return new Cast(players, observer);
    }

    /// <summary>
    /// For each player, how long after <paramref name="since"/> it was served again for good: the answer to its first
    /// answered command sent after the last of its commands that went unanswered after <paramref name="since"/>.
    /// </summary>
    public string ServedAgainAfter(DateTime since) => string.Join(", ", Players.Select(p =>
        ServedAgain(p, since) is { } time ? $"{p.Character} {LocalCluster.Seconds(time)}" : $"{p.Character} never"));

    /// <summary>The longest of <see cref="ServedAgainAfter"/>: when every player was being served again.</summary>
    public TimeSpan AllServedAgainAfter(DateTime since) => Players.Max(p => ServedAgain(p, since) ?? TimeSpan.MaxValue);

    private static TimeSpan? ServedAgain(ScriptedPlayer player, DateTime since)
    {
        var history = player.History.Where(c => c.SentAt > since).ToList();
        var lastUnanswered = history.FindLastIndex(c => c.Outcome == Outcome.Unanswered);
        var served = history.Skip(lastUnanswered + 1).FirstOrDefault(c => c.Outcome == Outcome.Answered);
        return served is null ? null : served.SentAt + served.Took - since;
    }

    public string Summary() => string.Join("; ", Players.Select(p =>
        $"{p.Character}: {p.AnsweredCount} answered of {p.History.Count}, {p.History.Count(c => c.Outcome == Outcome.Unanswered)} unanswered, {p.Reconnects} reconnect(s)"));

    public async ValueTask DisposeAsync()
    {
        foreach (var player in Players.Append(Observer))
        {
            await player.DisposeAsync();
        }
    }
}
