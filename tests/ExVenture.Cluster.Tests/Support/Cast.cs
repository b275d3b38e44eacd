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
        foreach (var player in players.Append(observer))
        {
            await player.SignUpAsync();
        }

        foreach (var player in players)
        {
            await player.ConnectAsync();
            await player.SyncUntilAnsweredAsync(TimeSpan.FromSeconds(30));
        }

        cluster.Log("players connected: " + string.Join(", ", players.Select(p => $"{p.Character} on {p.Node}")));
        return new Cast(players, observer);
    }

    /// <summary>For each player, how long after <paramref name="since"/> a command sent after that moment was first answered.</summary>
    public string FirstAnswersAfter(DateTime since) => string.Join(", ", Players.Select(p =>
    {
        var first = p.History.FirstOrDefault(c => c.SentAt > since && c.Outcome == Outcome.Answered);
        return first is null ? $"{p.Character} never" : $"{p.Character} {LocalCluster.Seconds(first.SentAt + first.Took - since)}";
    }));

    /// <summary>The longest of <see cref="FirstAnswersAfter"/>: when every player was being served again.</summary>
    public TimeSpan AllServedAgainAfter(DateTime since) => Players.Max(p =>
        p.History.FirstOrDefault(c => c.SentAt > since && c.Outcome == Outcome.Answered) is { } first ? first.SentAt + first.Took - since : TimeSpan.MaxValue);

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
