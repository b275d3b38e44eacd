using System.Text.RegularExpressions;
using ExVenture.Browser.Tests.Support;
using ExVenture.TestSupport.Game;

namespace ExVenture.Browser.Tests;

/// <summary>
/// A new player's whole first visit, in a real browser against the server the README starts: register, confirm the
/// email from the development mailbox, create a character, play (click an exit, hear another player), reload and be
/// back in the same place, and the same game on a phone-sized screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PlayInBrowserTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private WebServer _server = null!;

    public async Task InitializeAsync() => _server = await WebServer.DevelopmentAsync();

    public async Task DisposeAsync()
    {
        output.WriteLine(_server.Output);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_new_player_registers_confirms_creates_a_character_and_plays()
    {
        await using var context = await chromium.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();

        // Register through the form: signed in at once and sent to the characters page.
        await AccountSteps.RegisterAsync(page, "wren_player", "wren@example.test", "a-long-enough-password");
        await Expect(page).ToHaveURLAsync(new Regex("/characters$"));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Welcome, wren_player");

        // The welcome mail, as the development mailbox shows it, confirms the address.
        await page.GotoAsync("/dev/mailbox");
        var mail = page.Locator("article.mail").Filter(new() { HasText = "wren@example.test" }).First;
        await Expect(mail).ToContainTextAsync("confirm");
        await mail.Locator("a[href*='/register/confirm?token=']").ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("wren@example.test is confirmed");

        // Create a character and press Play.
        await page.GotoAsync("/characters");
        await page.GetByLabel("Name").FillAsync("Wren");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page.Locator("table.characters")).ToContainTextAsync("Wren");
        await page.GetByRole(AriaRole.Link, new() { Name = "Play Wren" }).ClickAsync();
        await ExpectInRoomAsync(page, "The Silted Green");

        // Move by clicking an exit.
        await page.Locator("#exits button[data-direction='north']").ClickAsync();
        await ExpectInRoomAsync(page, "Mussel Street");

        // Another player (a plain WebSocket client) walks in and speaks: the browser shows both.
        await using var osric = new GameClient(_server.DirectUrl, "osric_player");
        await osric.SignUpAsync("Osric");
        await osric.ConnectAsync("Osric");
        await osric.CommandAsync("north");
        await Expect(page.Locator("#room-characters")).ToContainTextAsync("Osric");
        await osric.CommandAsync("say The tide tables were wrong again.");
        await Expect(page.Locator("#terminal")).ToContainTextAsync("The tide tables were wrong again.");
        await Expect(page.Locator("#who")).ToContainTextAsync("Osric");
        output.WriteLine("desktop screenshot: " + await Screenshots.SaveAsync(page, "play-desktop"));

        // Reload: the client reconnects and the character is where it was.
        await page.ReloadAsync();
        await ExpectInRoomAsync(page, "Mussel Street");
        await Expect(page.Locator("#room-characters")).ToContainTextAsync("Osric");

        // The same character on a phone takes over; the desktop tab says so instead of fighting back.
        await using var phoneContext = await chromium.NewContextAsync(_server.BaseUrl, phone: true);
        var phone = await phoneContext.NewPageAsync();
        await AccountSteps.SignInAsync(phone, "wren_player", "a-long-enough-password", "/play?character=Wren");
        await ExpectInRoomAsync(phone, "Mussel Street");
        await Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "closed");
        var phoneWidth = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(phoneWidth <= 375, $"The play page scrolls sideways on a phone: {phoneWidth} px wide.");
        output.WriteLine("phone screenshot: " + await Screenshots.SaveAsync(phone, "play-phone"));
    }

    [Fact]
    public async Task The_keyboard_alone_plays_command_history_and_moves()
    {
        await using var context = await chromium.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await using (var setup = new GameClient(_server.DirectUrl, "keys_player"))
        {
            await setup.SignUpAsync("Keyes");
        }

        await page.GotoAsync("/sign-in?returnUrl=%2Fplay%3Fcharacter%3DKeyes");
        await page.GetByLabel("Username").FillAsync("keys_player");
        await page.GetByLabel("Password").FillAsync("keys_player-secret-pass");
        await page.GetByLabel("Password").PressAsync("Enter");
        await ExpectInRoomAsync(page, "The Silted Green");

        var command = page.Locator("#command");
        await Expect(command).ToBeFocusedAsync();
        await command.FillAsync("say first words");
        await command.PressAsync("Enter");
        await Expect(page.Locator("#terminal")).ToContainTextAsync("first words");
        await command.FillAsync("north");
        await command.PressAsync("Enter");
        await ExpectInRoomAsync(page, "Mussel Street");

        // Up walks back through what was typed; Enter sends it again.
        await command.PressAsync("ArrowUp");
        await Expect(command).ToHaveValueAsync("north");
        await command.PressAsync("ArrowUp");
        await Expect(command).ToHaveValueAsync("say first words");
        await command.PressAsync("ArrowDown");
        await Expect(command).ToHaveValueAsync("north");
        await command.FillAsync("south");
        await command.PressAsync("Enter");
        await ExpectInRoomAsync(page, "The Silted Green");
    }

    [Fact]
    public async Task When_the_server_restarts_the_client_reconnects_by_itself_and_the_character_is_where_it_was()
    {
        await using var context = await chromium.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await using (var setup = new GameClient(_server.DirectUrl, "steady_player"))
        {
            await setup.SignUpAsync("Steady");
        }

        await AccountSteps.SignInAsync(page, "steady_player", "steady_player-secret-pass", "/play?character=Steady");
        await ExpectInRoomAsync(page, "The Silted Green");
        await page.Locator("#exits button[data-direction='north']").ClickAsync();
        await ExpectInRoomAsync(page, "Mussel Street");

        await _server.RestartAsync();

        // Backoff tops out at 15 s between attempts, and a restart on a loaded machine takes a while: allow a minute.
        var terminal = page.Locator("#terminal");
        await Expect(terminal).ToContainTextAsync("Connected again.", new() { Timeout = 60_000 });
        await ExpectInRoomAsync(page, "Mussel Street");
        await page.Locator("#command").FillAsync("say still here");
        await page.Locator("#command").PressAsync("Enter");
        await Expect(terminal).ToContainTextAsync("still here");
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var context = await chromium.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/register");

        // What another site's page could do: post the form's fields, but it cannot read the page's token.
        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/register', {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: 'Input.Username=forged&Input.Email=f%40example.test&Input.Password=a-long-password&Input.Confirmation=a-long-password',
            })).status
            """);
        Assert.Equal(400, status);

        // The same form submitted by the page itself, token included, goes through.
        await AccountSteps.RegisterAsync(page, "unforged", "u@example.test", "a-long-password");
        await Expect(page).ToHaveURLAsync(new Regex("/characters$"));
    }

    private static async Task ExpectInRoomAsync(IPage page, string room)
    {
        await Expect(page.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "connected");
        await Expect(page.Locator("#room-name")).ToHaveTextAsync(room);
    }
}
