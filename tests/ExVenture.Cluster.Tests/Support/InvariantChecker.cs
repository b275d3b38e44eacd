using System.Diagnostics;
using ExVenture.TestSupport.Cluster;

namespace ExVenture.Cluster.Tests.Support;

/// <summary>
/// The end-of-scenario checks, once the scripts have stopped: every player reconnects (its welcome and state are
/// accounted like any other frames), then an observer walks into Mussel Street and the chandlery and every player
/// reads its pack, until the world is consistent: each of the chandlery's original items is in exactly one place
/// (one of the two floors, or one pack), no character is listed in two rooms, and each player is listed where its
/// own answers put it. Items in transit and stale room presence settle by themselves (re-sends every 3 s; a room
/// forgets a character that is elsewhere once it talks to it, which every arrival does), so the check repeats within
/// a bounded time and fails with the last observation if the world does not settle.
/// </summary>
internal sealed class InvariantChecker(LocalCluster cluster, ScriptedPlayer observer, IReadOnlyList<ScriptedPlayer> players)
{
    private static readonly string[] WatchedRooms = [Commons.HighStreet, Commons.Chandlery];

    /// <summary>Closes every player's socket and connects it again, spread over the serving nodes, and re-reads its state.</summary>
    public async Task ReconnectEverybodyAsync()
    {
        var serving = cluster.ServingNodes;
        for (var i = 0; i < players.Count; i++)
        {
            await players[i].ConnectAsync(serving[i % serving.Count].Index);
            await players[i].SyncUntilAnsweredAsync(TimeSpan.FromSeconds(60));
        }

        cluster.Log("everybody reconnected: " + string.Join("; ", players.Select(p => $"{p.Character} on {p.Node} at {p.Location} with [{string.Join(", ", p.Inventory.Select(i => i.Id))}]")));
    }

    /// <summary>Checks the invariants until they hold, or fails after <paramref name="within"/> with what was seen.</summary>
    public async Task VerifyAsync(TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        await observer.ConnectAsync();
        await observer.SyncUntilAnsweredAsync(TimeSpan.FromSeconds(60));
        for (var attempt = 1; ; attempt++)
        {
            var rooms = await ViewRoomsAsync();
            foreach (var player in players)
            {
                await player.SyncUntilAnsweredAsync(TimeSpan.FromSeconds(30));
            }

            var problems = rooms is null ? ["the observer's view of the rooms went unanswered"] : Problems(rooms);
            if (problems.Count == 0)
            {
                cluster.Log($"invariants hold (attempt {attempt}, {LocalCluster.Seconds(clock.Elapsed)}): "
                    + string.Join("; ", rooms!.Values.Select(r => $"{r.Id} floor [{string.Join(", ", r.Items.Select(i => i.Id))}] people [{string.Join(", ", r.Characters)}]")));
                break;
            }

            cluster.Log($"invariants do not hold yet (attempt {attempt}): {string.Join("; ", problems)}");
            if (clock.Elapsed > limit)
            {
                throw new Xunit.Sdk.XunitException(
                    $"The world did not settle into a consistent state within {LocalCluster.Seconds(limit)}:\n  "
                    + string.Join("\n  ", problems) + "\n\n"
                    + string.Join("\n\n", players.Append(observer).Select(p => p.Describe())) + "\n\n" + cluster.Logs());
            }

            // Transfers are re-sent every 3 s; a pause between rounds also keeps each socket under the command rate limit.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var violations = players.Append(observer).SelectMany(p => p.Violations.Select(v => $"{p.Character}: {v}")).ToList();
        Assert.True(
            violations.Count == 0,
            "What the server showed players contradicts their answered commands:\n  " + string.Join("\n  ", violations) + "\n\n"
            + string.Join("\n\n", players.Append(observer).Select(p => p.Describe())) + "\n\n" + cluster.Logs());
    }

    /// <summary>Walks the observer into each watched room, ending in the one it started in, so each view is a fresh
    /// arrival (which also makes each room talk to everyone it lists). Null if a step went unanswered.</summary>
    private async Task<Dictionary<string, RoomSeen>?> ViewRoomsAsync()
    {
        var views = new Dictionary<string, RoomSeen>();
        foreach (var room in WatchedRooms.OrderBy(r => r == observer.Location ? 1 : 0))
        {
            while (observer.Location != room)
            {
                var step = observer.Location switch
                {
                    Commons.Green or Commons.ChapelPorch => observer.Location == Commons.Green ? "north" : "west",
                    Commons.HighStreet => "west",
                    _ => "east",
                };
                if (await observer.CommandAsync(step) != Outcome.Answered)
                {
                    return null;
                }
            }

            if (observer.LastRoom?.Id != room)
            {
                return null;
            }

            views[room] = observer.LastRoom;
        }

        return views;
    }

    private List<string> Problems(Dictionary<string, RoomSeen> rooms)
    {
        var problems = new List<string>();
        var places = rooms.Values.SelectMany(r => r.Items.Select(i => (i.Id, Place: $"the floor of {r.Id}")))
            .Concat(players.Append(observer).SelectMany(p => p.Inventory.Select(i => (i.Id, Place: $"{p.Character}'s pack"))))
            .ToList();
        foreach (var id in Commons.ChandleryItems)
        {
            var where = places.Where(p => p.Id == id).Select(p => p.Place).ToList();
            if (where.Count != 1)
            {
                problems.Add($"{id} is in {where.Count} places [{string.Join(", ", where)}]");
            }
        }

        foreach (var (id, place) in places.Where(p => !Commons.ChandleryItems.Contains(p.Id)))
        {
            problems.Add($"{id} appeared in {place}");
        }

        // The observer walked through both rooms to look at them, so it was in each when it looked; everyone else stood still.
        foreach (var name in rooms.Values.SelectMany(r => r.Characters).Distinct().Where(n => n != observer.Character))
        {
            var listing = rooms.Values.Where(r => r.Characters.Contains(name)).Select(r => r.Id).ToList();
            if (listing.Count > 1)
            {
                problems.Add($"{name} is listed in {string.Join(" and ", listing)}");
            }
        }

        foreach (var player in players)
        {
            var listing = rooms.Values.Where(r => r.Characters.Contains(player.Character)).Select(r => r.Id).ToList();
            if (!rooms.ContainsKey(player.Location ?? string.Empty) || listing.Count != 1 || listing[0] != player.Location)
            {
                problems.Add($"{player.Character} says it is in {player.Location ?? "?"} but is listed in [{string.Join(", ", listing)}]");
            }
        }

        return problems;
    }
}
