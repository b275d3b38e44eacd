using System.Text.RegularExpressions;
using ExVenture.Browser.Tests.Support;
using ExVenture.TestSupport.Mail;

namespace ExVenture.Browser.Tests;

/// <summary>
/// Account mail end to end on a production node: real mail over SMTP (MailKit to an SMTP server in the test), links
/// that the browser follows, a password reset that works once, and sign-in with the old and new passwords.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccountMailTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private TestSmtpServer _smtp = null!;
    private WebServer _server = null!;

    public async Task InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        _server = await WebServer.ProductionAsync(new Dictionary<string, string?>
        {
            ["SMTP_URL"] = $"smtp://127.0.0.1:{_smtp.Port}",
            ["MAIL_FROM"] = "Sallowmere <bell@sallowmere.test>",
        });
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(_server.Output);
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_a_mailed_link_that_works_once()
    {
        await using var context = await chromium.NewContextAsync(_server.BaseUrl);
        var page = await context.NewPageAsync();
        await AccountSteps.RegisterAsync(page, "forgetful", "forgetful@example.test", "the-first-password");
        await Expect(page).ToHaveURLAsync(new Regex("/characters$"));

        var welcome = await _smtp.ReceiveAsync();
        Assert.Equal("forgetful@example.test", Assert.Single(welcome.EnvelopeTo));
        Assert.Equal("bell@sallowmere.test", welcome.EnvelopeFrom);
        await page.GotoAsync(LinkIn(welcome, "/register/confirm"));
        await Expect(page.Locator("main")).ToContainTextAsync("forgetful@example.test is confirmed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("You have signed out.");

        await page.GotoAsync("/register/reset");
        await page.GetByLabel("Username or email").FillAsync("FORGETFUL@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("If an account matches");

        var reset = await _smtp.ReceiveAsync();
        Assert.Equal("ExVenture: reset your password", reset.Message.Subject);
        var link = LinkIn(reset, "/register/reset/verify");
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("the-second-password");
        await page.GetByLabel("New password again").FillAsync("the-second-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/characters$"));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Your password has been changed");

        // Spent: the same link again offers nothing.
        await page.GotoAsync(link);
        await Expect(page.Locator(".alert")).ToContainTextAsync("This reset link is not valid");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await AccountSteps.SignInAsync(page, "forgetful", "the-first-password");
        await Expect(page.Locator(".validation-summary")).ToContainTextAsync("Invalid username or password.");
        await AccountSteps.SignInAsync(page, "forgetful", "the-second-password");
        await Expect(page).ToHaveURLAsync(new Regex("/characters$"));
        Assert.False(_smtp.HasUnread, "No other mail should have been sent.");
    }

    /// <summary>The one link in the mail's text that goes to <paramref name="path"/> on this server.</summary>
    private string LinkIn(ReceivedMail mail, string path)
    {
        var prefix = new Uri(_server.BaseUrl, path).ToString();
        var links = Url().Matches(mail.Message.TextBody ?? "").Select(m => m.Value).Where(u => u.StartsWith(prefix + "?token=", StringComparison.Ordinal)).ToList();
        return Assert.Single(links);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();
}
