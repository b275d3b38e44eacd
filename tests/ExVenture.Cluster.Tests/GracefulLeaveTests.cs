using System.Text.Json;
using ExVenture.Cluster.Tests.Support;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;

namespace ExVenture.Cluster.Tests;

/// <summary>
/// Scenario 2: nodes leave gracefully (SIGTERM) one after the other while two players keep playing. The player whose
/// node goes is told and disconnected by the server, reconnects to a survivor, and finds everything as it was.
/// </summary>
public sealed class GracefulLeaveTests(ITestOutputHelper output)
{
    /// <summary>Time between two moves of play, as a person types; keeps each socket under the 10 commands/s limit.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Players_keep_their_place_and_items_while_nodes_leave_gracefully_one_after_the_other()
    {
        await using var cluster = await LocalCluster.CreateAsync("leave", output.Lines());
        await cluster.WithNodeLogsAsync(async () =>
        {
            await cluster.StartAsync(3);

            await using var alice = new GameClient(cluster[1].BaseUri, "alice");
            await using var bob = new GameClient(cluster[1].BaseUri, "bob");
            await alice.SignUpAsync("Alys");
            await bob.SignUpAsync("Brannoc");

            // Alys (node 1) fetches a lantern from the chandlery and waits on Mussel Street; Brannoc (node 2) joins her there.
            await alice.ConnectAsync("Alys", cluster[1].BaseUri);
            await alice.ExpectTopicAsync("Room.Info");
            await MoveAsync(alice, "north", Commons.HighStreet);
            await MoveAsync(alice, "west", Commons.Chandlery);
            var get = await alice.SendAsync("get lantern");
            var lantern = ItemSeen.ListFrom((await alice.ExpectAsync(f => f.Topic == "Inventory.All" && f.Ref == get, "the lantern in the pack")).Data.GetProperty("items")).Single();
            Assert.Equal(Commons.Lantern, lantern.Name);
            await MoveAsync(alice, "east", Commons.HighStreet);

            await bob.ConnectAsync("Brannoc", cluster[2].BaseUri);
            await bob.ExpectTopicAsync("Room.Info");
            await MoveAsync(bob, "north", Commons.HighStreet);
            await alice.ExpectAsync(f => f.Topic == "Room.CharacterEnter" && Character(f) == "Brannoc", "Brannoc arriving on Mussel Street");
            cluster.Log("Alys (node1, with a lantern) and Brannoc (node2) are on Mussel Street");

            // Node 3 leaves; they talk throughout.
            var stopping = cluster.StopNodeAsync(3);
            var exchanges = 0;
            do
            {
                await ExchangeAsync(alice, bob, ++exchanges);
                await Task.Delay(Pace);
            }
            while (!stopping.IsCompleted);

            var node3 = await stopping;
            Assert.True(node3.ExitCode == 0, $"node3 exited with {node3.ExitCode}\n{cluster.Logs()}");
            var leave3 = await cluster.WaitForMembersAsync(2, [1, 2]);
            cluster.Log($"{exchanges} exchanges while node3 left");

            // Node 2, Brannoc's, leaves: the server tells him and closes his socket; Alys plays on.
            stopping = cluster.StopNodeAsync(2);
            try
            {
                await bob.WaitForCloseAsync();
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"node2 is stopping but Brannoc's socket is still open.\n{cluster.Logs()}");
            }

            Assert.True(bob.CloseStatus is not null, $"Brannoc's socket was cut, not closed by the server.\n{cluster.Logs()}");
            var told = Mentions(bob.CloseDescription, "restart")
                ? $"close reason '{bob.CloseDescription}'"
                : (await bob.ExpectAsync(
                    f => f.Topic is "system/display" or "system/error" && f.Ref is null && Mentions(Text(f), "restart"),
                    $"a message that the server is restarting (the close reason was '{bob.CloseDescription}')")).ToString();
            cluster.Log($"Brannoc was told that the server restarts ({told}); his socket closed with {(int)bob.CloseStatus!} '{bob.CloseDescription}'");
            var looks = 0;
            do
            {
                Assert.Contains("Mussel Street", await alice.CommandAsync("look"));
                looks++;
                await Task.Delay(Pace);
            }
            while (!stopping.IsCompleted);

            var node2 = await stopping;
            Assert.True(node2.ExitCode == 0, $"node2 exited with {node2.ExitCode}\n{cluster.Logs()}");
            var leave2 = await cluster.WaitForMembersAsync(1, [1]);
            cluster.Log($"Alys looked around {looks} times while node2 left");

            // Brannoc comes back on node 1: same street, Alys there, her lantern still hers.
            await bob.ConnectAsync("Brannoc", cluster[1].BaseUri);
            var welcome = await bob.ExpectAsync(f => f.Topic == "Room.Info" && f.Ref is null, "Brannoc's welcome", TimeSpan.FromSeconds(30));
            Assert.Equal(Commons.HighStreet, welcome.Data.GetProperty("id").GetString());
            var look = await bob.SendAsync("look");
            var seen = await bob.ExpectAsync(f => f.Topic == "Room.Info" && f.Ref == look, "Brannoc's look");
            Assert.Contains("Alys", Names(seen.Data.GetProperty("characters")));

            var inventory = await alice.SendAsync("inventory");
            var pack = await alice.ExpectAsync(f => f.Topic == "Inventory.All" && f.Ref == inventory, "Alys's inventory");
            Assert.Equal(new[] { lantern }, ItemSeen.ListFrom(pack.Data.GetProperty("items")));
            look = await alice.SendAsync("look");
            seen = await alice.ExpectAsync(f => f.Topic == "Room.Info" && f.Ref == look, "Alys's look");
            Assert.Equal(Commons.HighStreet, seen.Data.GetProperty("id").GetString());
            Assert.Contains("Brannoc", Names(seen.Data.GetProperty("characters")));

            // Alys never lost her socket (one connection throughout); Brannoc reconnected once.
            Assert.Null(alice.CloseStatus);

            cluster.Log($"TIMING scenario 2: node3 SIGTERM to exit {LocalCluster.Seconds(node3.Took)}, to 2 members on the survivors {LocalCluster.Seconds(node3.Took + leave3)}; "
                + $"node2 SIGTERM to exit {LocalCluster.Seconds(node2.Took)}, to 1 member on node1 {LocalCluster.Seconds(node2.Took + leave2)}");
        });
    }

    /// <summary>
    /// Each says a line and hears the other's. A hand-off may drop a command in flight (Akka drops what a region had
    /// buffered for a shard it is handing over); the speaker is then told within seconds that the world did not
    /// answer (<c>unavailable</c>) and, as a player would, says it again. Any other outcome fails the test.
    /// </summary>
    private static async Task ExchangeAsync(GameClient alice, GameClient bob, int round)
    {
        foreach (var (speaker, listener, name) in new[] { (alice, bob, "Alys"), (bob, alice, "Brannoc") })
        {
            var line = $"{name} round {round}";
            var said = await speaker.SendAsync("say " + line);
            var answer = await speaker.ExpectAsync(
                f => f.Ref == said && (f.Topic == "Room.Say" || f.Topic == "system/error"),
                $"the answer to saying \"{line}\"",
                TimeSpan.FromSeconds(30));
            if (answer.Topic == "system/error")
            {
                Assert.Equal("unavailable", answer.Data.GetProperty("code").GetString());
                await speaker.SendAsync("say " + line);
            }

            await listener.ExpectAsync(f => f.Topic == "Room.Say" && f.Data.GetProperty("text").GetString() == line, $"\"{line}\"", TimeSpan.FromSeconds(30));
        }
    }

    private static async Task MoveAsync(GameClient player, string direction, string to)
    {
        var move = await player.SendAsync(direction);
        var arrived = await player.ExpectAsync(f => f.Topic == "Room.Info" && f.Ref == move, $"arriving at {to}");
        Assert.Equal(to, arrived.Data.GetProperty("id").GetString());
    }

    private static string? Text(ServerFrame frame) =>
        frame.Text ?? (frame.Data.TryGetProperty("message", out var message) ? message.GetString() : null);

    private static bool Mentions(string? text, string word) => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    private static string? Character(ServerFrame frame) => frame.Data.GetProperty("character").GetProperty("name").GetString();

    private static List<string> Names(JsonElement list) => list.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
}
