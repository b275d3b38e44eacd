using ExVenture.TestSupport.Mail;
using System.Net;
using System.Text.Json;
using ExVenture.Server.Configuration;
using ExVenture.Server.Mail;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Tests.Mail;

/// <summary><c>/dev/mailbox</c> and <c>/dev/mailbox.json</c> on a real Kestrel server with only the mail feature.</summary>
public sealed class DevelopmentMailboxEndpointTests
{
    [Fact]
    public async Task In_development_the_page_lists_every_mail_newest_first_encoded_with_clickable_links()
    {
        await using var server = await MailboxServer.StartAsync("Development");
        var outbox = server.App.Services.GetRequiredService<MailOutbox>();
        var mailbox = server.App.Services.GetRequiredService<DevelopmentMailbox>();
        Assert.True(outbox.Post(new OutgoingMail("tamsin@example.test", "Welcome", "Hello & welcome.")));
        Assert.True(outbox.Post(new OutgoingMail("Brannoc <brannoc@example.test>", "Reset <script>", "Open https://mud.example.test/reset?t=1&u=2 <b>soon</b>.")));
        await mailbox.WaitForAsync(m => m.To.Contains("brannoc")).WaitAsync(TestSmtpServer.Patience);

        using var response = await server.Client.GetAsync("/dev/mailbox");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">", html);
        Assert.Contains("shows the mail the server would send", html);
        Assert.Contains("only in development", html);
        Assert.Equal(2, html.Split("<article class=\"mail\">").Length - 1);
        Assert.True(html.IndexOf("Reset &lt;script&gt;", StringComparison.Ordinal) < html.IndexOf("Welcome", StringComparison.Ordinal), "newest first");
        Assert.Contains("Brannoc &lt;brannoc@example.test&gt;", html);
        Assert.Contains("<pre>Open <a href=\"https://mud.example.test/reset?t=1&amp;u=2\">https://mud.example.test/reset?t=1&amp;u=2</a> &lt;b&gt;soon&lt;/b&gt;.</pre>", html);
        Assert.Contains("<pre>Hello &amp; welcome.</pre>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains($"<time datetime=\"{mailbox.Messages[0].Time.ToUniversalTime():O}\">", html);
    }

    [Fact]
    public async Task In_development_the_json_lists_the_same_mail_in_camel_case()
    {
        await using var server = await MailboxServer.StartAsync("Development");
        var mailbox = server.App.Services.GetRequiredService<DevelopmentMailbox>();
        mailbox.Record(new OutgoingMail("tamsin@example.test", "First", "one"));
        mailbox.Record(new OutgoingMail("brannoc@example.test", "Second", "two https://x.test"));

        using var response = await server.Client.GetAsync("/dev/mailbox.json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var messages = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(["time", "to", "subject", "text"], messages[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("brannoc@example.test", "Second", "two https://x.test"),
            (messages[0].GetProperty("to").GetString(), messages[0].GetProperty("subject").GetString(), messages[0].GetProperty("text").GetString()));
        Assert.Equal(mailbox.Messages[0].Time, messages[0].GetProperty("time").GetDateTimeOffset());
        Assert.Equal("First", messages[1].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task An_empty_mailbox_says_so()
    {
        await using var server = await MailboxServer.StartAsync("Development");

        var html = await server.Client.GetStringAsync("/dev/mailbox");
        var json = await server.Client.GetStringAsync("/dev/mailbox.json");

        Assert.Contains("No mail yet.", html);
        Assert.DoesNotContain("<article", html);
        Assert.Equal("[]", json);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_the_mailbox_does_not_exist(string environment)
    {
        await using var server = await MailboxServer.StartAsync(environment);
        server.App.Services.GetRequiredService<DevelopmentMailbox>().Record(new OutgoingMail("tamsin@example.test", "Reset", "https://x.test/secret"));

        using var page = await server.Client.GetAsync("/dev/mailbox");
        using var json = await server.Client.GetAsync("/dev/mailbox.json");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
    }

    private sealed class MailboxServer : IAsyncDisposable
    {
        private MailboxServer(WebApplication app)
        {
            App = app;
            Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        }

        public WebApplication App { get; }

        public HttpClient Client { get; }

        public static async Task<MailboxServer> StartAsync(string environment)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
            builder.Configuration.AddInMemoryCollection(
            [
                new("DATABASE_URL", "sqlite:unused.db"),
                new("SECRET_KEY_BASE", MailHost.Secret),
                new("HOST", "mud.example.test"),
            ]);
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Services.AddExVentureMail(ServerSettings.Load(builder.Configuration, builder.Environment));

            var app = builder.Build();
            app.MapDevelopmentMailbox();
            await app.StartAsync();
            return new MailboxServer(app);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
