using System.Net;
using System.Net.WebSockets;
using ExVenture.TestSupport;
using ExVenture.TestSupport.Game;
using ExVenture.TestSupport.Web;

namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>The accounts pages' defences, against the real server binary in production configuration.</summary>
public sealed class WebSecurityTests : IAsyncLifetime
{
    private GameServerEnvironment _environment = null!;

    public async Task InitializeAsync() => _environment = await GameServerEnvironment.PostgresAsync();

    public async Task DisposeAsync() => await _environment.DisposeAsync();

    [Fact]
    public async Task Forms_without_their_antiforgery_token_are_refused_and_with_it_are_answered()
    {
        var server = await _environment.StartAsync();
        using var visitor = new FormClient(server.BaseUri);
        var register = FormClient.RegistrationForm("forger");

        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("/register", register, withToken: false)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "forger", ["Password"] = "x" }, withToken: false)).Status);

        var registered = await visitor.SubmitAsync("/register", register);
        Assert.Equal(HttpStatusCode.Redirect, registered.Status);
        Assert.Equal("/characters", registered.Location?.OriginalString);

        // Signed in now, and still refused without a token: creating a character, signing out.
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "Forged" }, withToken: false, handler: "Create")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.PostAsync("/sign-out", new Dictionary<string, string>())).Status);
        Assert.DoesNotContain("Forged", (await visitor.GetAsync("/characters")).Body);

        Assert.Equal(HttpStatusCode.Redirect, (await visitor.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "Honest" }, handler: "Create")).Status);
        Assert.Contains("Honest", (await visitor.GetAsync("/characters")).Body);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_HttpOnly_SameSite_and_Secure_when_the_request_came_over_https()
    {
        // As behind Fly's proxy: TLS ends at the proxy, which says so in X-Forwarded-Proto.
        _environment.Variables["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        var server = await _environment.StartAsync();
        using var visitor = new FormClient(server.BaseUri) { ForwardedProto = "https" };

        await visitor.RegisterAsync("cookie_cutter");

        var session = Assert.Single(visitor.SetCookieHeaders, h => h.StartsWith("exventure_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.All(visitor.SetCookieHeaders, h => Assert.Contains("secure", h, StringComparison.OrdinalIgnoreCase));

        // The same server over plain http (local development) sets no Secure flag, or browsers would drop the cookie.
        using var plain = new FormClient(server.BaseUri);
        await plain.GetAsync("/sign-in");
        Assert.All(plain.SetCookieHeaders, h => Assert.DoesNotContain("secure", h, StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(plain.SetCookieHeaders);
    }

    [Fact]
    public async Task Wrong_passwords_are_throttled_per_account_with_a_clear_answer()
    {
        var server = await _environment.StartAsync();
        await using var player = new GameClient(server.BaseUri, "guessed");
        await player.SignUpAsync("Guessed");
        using var guesser = new FormClient(server.BaseUri);
        for (var i = 0; i < 5; i++)
        {
            var wrong = await guesser.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "guessed", ["Password"] = "guess-" + i });
            Assert.Contains("Invalid username or password", wrong.Body);
        }

        var refused = await guesser.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "guessed", ["Password"] = player.Password });
        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Contains("Too many failed sign-ins", refused.Body);

        using var api = await player.PostAsync("api/sessions", $$"""{"username":"guessed","password":"{{player.Password}}"}""");
        Assert.Equal((HttpStatusCode)429, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
    }

    [Fact]
    public async Task Changing_the_password_on_the_profile_signs_out_every_other_browser()
    {
        var server = await _environment.StartAsync();
        using var here = new FormClient(server.BaseUri);
        using var elsewhere = new FormClient(server.BaseUri);
        await here.RegisterAsync("two_browsers");
        await elsewhere.SubmitAsync("/sign-in", new Dictionary<string, string> { ["Username"] = "two_browsers", ["Password"] = "a-long-password" });
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/characters")).Status);

        var wrong = await here.SubmitAsync("/profile", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "not-my-password", ["NewPassword"] = "a-newer-password", ["Confirmation"] = "a-newer-password",
        }, handler: "Password");
        Assert.Contains("That is not your current password.", wrong.Body);
        var changed = await here.SubmitAsync("/profile", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "a-long-password", ["NewPassword"] = "a-newer-password", ["Confirmation"] = "a-newer-password",
        }, handler: "Password");

        Assert.Equal(HttpStatusCode.Redirect, changed.Status);
        Assert.Contains("Your password has been changed.", (await here.GetAsync("/profile")).Body);
        var signedOut = await elsewhere.GetAsync("/characters");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Contains("/sign-in?returnUrl=", signedOut.Location?.OriginalString);
    }

    [Fact]
    public async Task A_browser_plays_with_its_sign_in_cookie_but_only_from_the_games_own_origin()
    {
        var server = await _environment.StartAsync();
        using var browser = new FormClient(server.BaseUri);
        await browser.RegisterAsync("origin_test");
        await browser.SubmitAsync("/characters", new Dictionary<string, string> { ["Name"] = "Originel" }, handler: "Create");

        // HOST=localhost with the production default scheme https: the game's origin is https://localhost.
        Assert.Equal(101, await UpgradeAsync(server, browser.CookieHeader, "https://localhost"));
        Assert.Equal(403, await UpgradeAsync(server, browser.CookieHeader, "https://evil.example"));
        Assert.Equal(403, await UpgradeAsync(server, browser.CookieHeader, "http://localhost"));
        Assert.Equal(401, await UpgradeAsync(server, cookie: null, "https://localhost"));
    }

    /// <summary>The status of a WebSocket upgrade for Originel with this cookie and Origin: 101 when it was accepted.</summary>
    private static async Task<int> UpgradeAsync(ServerProcess server, string? cookie, string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", origin);
        if (cookie is not null)
        {
            socket.Options.SetRequestHeader("Cookie", cookie);
        }

        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/socket?character=Originel"), new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            return 101;
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
    }
}
