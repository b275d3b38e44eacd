using ExVenture.Cluster.Tests.Support;
using ExVenture.TestSupport.Cluster;
using ExVenture.TestSupport.Game;
using ExVenture.TestSupport.Web;

namespace ExVenture.Cluster.Tests;

/// <summary>Scenario 1: three nodes form one cluster, players connected to different nodes share one world, and a
/// browser signed in on one node is signed in on all.</summary>
public sealed class ClusterFormationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_nodes_form_one_cluster_and_players_on_different_nodes_meet_talk_and_see_each_other_and_sign_in_once()
    {
        await using var cluster = await LocalCluster.CreateAsync("formation", output.Lines());
        await cluster.WithNodeLogsAsync(async () =>
        {
            var joined = await cluster.StartAsync(3);
            foreach (var node in cluster.Nodes)
            {
                var health = await cluster.HealthAsync(node);
                Assert.True(health is { StatusCode: 200, Member: "Up", Members: 3 }, $"{health}\n{cluster.Logs()}");
            }

            await using var alice = new GameClient(cluster[1].BaseUri, "alice");
            await using var bob = new GameClient(cluster[2].BaseUri, "bob");
            await alice.SignUpAsync("Alys");
            await bob.SignUpAsync("Brannoc");

            await alice.ConnectAsync("Alys", cluster[1].BaseUri);
            Assert.Equal(Commons.Green, Id(await alice.ExpectTopicAsync("Room.Info")));

            // Brannoc arrives (on node 2) where Alys (on node 1) is: she sees him come, he sees her there.
            await bob.ConnectAsync("Brannoc", cluster[2].BaseUri);
            var bobsView = await bob.ExpectTopicAsync("Room.Info");
            Assert.Equal(Commons.Green, Id(bobsView));
            Assert.Contains("Alys", Names(bobsView.Data.GetProperty("characters")));
            await alice.ExpectAsync(f => f.Topic == "Room.CharacterEnter" && Character(f) == "Brannoc", "Brannoc entering the green");

            // Alys steps out and back: now he sees her arrive.
            await alice.SendAsync("north");
            await bob.ExpectAsync(f => f.Topic == "Room.CharacterLeave" && Character(f) == "Alys", "Alys leaving north");
            var back = await alice.SendAsync("south");
            Assert.Equal(Commons.Green, Id(await alice.ExpectAsync(f => f.Topic == "Room.Info" && f.Ref == back, "the green again")));
            var arrived = await bob.ExpectAsync(f => f.Topic == "Room.CharacterEnter" && Character(f) == "Alys", "Alys entering the green");
            Assert.Equal("north", arrived.Data.GetProperty("direction").GetString());

            await alice.SendAsync("say Fine morning for it.");
            var heard = await bob.ExpectTopicAsync("Room.Say");
            Assert.Equal(("Alys", "Fine morning for it."), (Character(heard), heard.Data.GetProperty("text").GetString()));
            await bob.SendAsync("say It is that.");
            heard = await alice.ExpectAsync(f => f.Topic == "Room.Say" && Character(f) == "Brannoc", "Brannoc speaking");
            Assert.Equal("It is that.", heard.Data.GetProperty("text").GetString());

            Assert.Contains("You tell Brannoc", await alice.CommandAsync("tell brannoc meet me at the chandlery"));
            var told = await bob.ExpectTopicAsync("Character.Tell");
            Assert.Equal(("Alys", "meet me at the chandlery"), (told.Data.GetProperty("from").GetProperty("name").GetString(), told.Data.GetProperty("text").GetString()));
            Assert.Contains("You tell Alys", await bob.CommandAsync("tell alys on my way"));
            told = await alice.ExpectTopicAsync("Character.Tell");
            Assert.Equal(("Brannoc", "on my way"), (told.Data.GetProperty("from").GetProperty("name").GetString(), told.Data.GetProperty("text").GetString()));

            foreach (var player in new[] { alice, bob })
            {
                var who = await player.SendAsync("who");
                var online = await player.ExpectAsync(f => f.Topic == "Character.Who" && f.Ref == who, "the who list");
                Assert.Equal(new[] { "Alys", "Brannoc" }, Names(online.Data.GetProperty("characters")).Order());
            }

            // One sign-in for the whole cluster: the cookie and the antiforgery token of node 1 are good on nodes 2 and 3
            // (their keys derive from the one SECRET_KEY_BASE), as they must be when the proxy sends each request anywhere.
            using var browser = new FormClient(cluster[1].BaseUri);
            var signedIn = await browser.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "alice", ["Password"] = alice.Password });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.Status);
            Assert.Contains("Play Alys", (await browser.GetAsync(new Uri(cluster[2].BaseUri, "/characters").ToString())).Body);
            var token = FormClient.AntiforgeryToken((await browser.GetAsync("/characters")).Body);
            var created = await browser.PostAsync(
                new Uri(cluster[3].BaseUri, "/characters?handler=Create").ToString(),
                new Dictionary<string, string> { ["Name"] = "Aldith", ["__antiforgery"] = token });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, created.Status);
            Assert.Contains("Play Aldith", (await browser.GetAsync("/characters")).Body);

            cluster.Log($"TIMING scenario 1: three nodes joined in {LocalCluster.Seconds(joined)}");
        });
    }

    private static string? Id(ServerFrame frame) => frame.Data.GetProperty("id").GetString();

    private static string? Character(ServerFrame frame) => frame.Data.GetProperty("character").GetProperty("name").GetString();

    private static List<string> Names(System.Text.Json.JsonElement list) =>
        list.EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
}
