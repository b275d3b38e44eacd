using System.Net;
using ExVenture.TestSupport.Game;
using ExVenture.TestSupport.Web;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>The characters page against the real server: the limit, and deletion that takes the journal with it.</summary>
public sealed class CharacterPagesTests : IAsyncLifetime
{
    private GameServerEnvironment _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = await GameServerEnvironment.PostgresAsync();
        _environment.Variables["CHARACTER_LIMIT"] = "2";
        _environment.Variables["URL_SCHEME"] = "http";
    }

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task Deleting_a_character_in_play_ends_its_session_and_its_name_starts_afresh()
    {
        var server = await _environment.StartAsync();
        await using var player = new GameClient(server.BaseUri, "doomed_owner");
        await player.SignUpAsync("Doomed");
        await player.ConnectAsync("Doomed");
        await player.CommandAsync("north");
        Assert.Contains("Mussel Street", await player.CommandAsync("look"));

        using var browser = new FormClient(server.BaseUri);
        await browser.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "doomed_owner", ["Password"] = player.Password });
        Assert.Contains("Delete Doomed?", (await browser.GetAsync("/characters/delete?name=Doomed")).Body);
        var deleted = await browser.SubmitAsync("/characters/delete?name=Doomed", new Dictionary<string, string> { ["name"] = "Doomed" });

        Assert.Equal(HttpStatusCode.Redirect, deleted.Status);
        await player.WaitForCloseAsync();
        Assert.Equal("character_deleted", player.CloseDescription);
        var list = (await browser.GetAsync("/characters")).Body;
        Assert.Contains("Doomed has been deleted.", list);
        Assert.DoesNotContain("Play Doomed", list);

        // Someone else takes the name: a new character in the start room, not the old one on Mussel Street.
        await using var newcomer = new GameClient(server.BaseUri, "name_taker");
        await newcomer.SignUpAsync("Doomed");
        await newcomer.ConnectAsync("Doomed");
        Assert.Contains("The Silted Green", await newcomer.CommandAsync("look"));
    }

    [Fact]
    public async Task The_page_offers_creation_only_below_the_limit_and_refuses_taken_names()
    {
        var server = await _environment.StartAsync();
        using var browser = new FormClient(server.BaseUri);
        await browser.RegisterAsync("collector");

        await browser.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "first" }, handler: "Create");
        var taken = await browser.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "FIRST" }, handler: "Create");
        Assert.Contains("already taken", taken.Body);
        var bad = await browser.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "x1" }, handler: "Create");
        Assert.Contains("Name must be 3 to 16 letters long.", bad.Body);

        await browser.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "second" }, handler: "Create");
        var full = (await browser.GetAsync("/characters")).Body;
        Assert.Contains("Play First", full);
        Assert.Contains("Play Second", full);
        Assert.Contains("the most an account may have", full);
        Assert.DoesNotContain("Create a character", full);
    }
}
