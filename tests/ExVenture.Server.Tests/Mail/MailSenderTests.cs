using ExVenture.TestSupport.Mail;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ExVenture.Server.Mail;
using ExVenture.TestSupport;
using Microsoft.Extensions.Logging;
using SmtpServer.Protocol;

namespace ExVenture.Server.Tests.Mail;

/// <summary>The outbox and its sender against a real SMTP server in this process.</summary>
public sealed class MailSenderTests
{
    private const string ResetUrl = "https://mud.example.test/reset?token=s3cr3t-token&via=mail";
    private static readonly string Body = $"Hello Tamsin,\n\nTo choose a new password, open {ResetUrl}.\n\n<b>Not bold</b> & not a tag.\n";

    [Fact]
    public async Task A_posted_mail_arrives_over_smtp_with_its_sender_recipient_subject_and_body()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var host = await MailHost.StartAsync("Production", null,
            ("SMTP_URL", $"smtp://127.0.0.1:{smtp.Port}"), ("MAIL_FROM", "ExVenture Mail <mud@example.test>"));

        Assert.True(host.Outbox.Post(new OutgoingMail("Tamsin <tamsin@example.test>", "Reset your password", Body)));

        var received = await smtp.ReceiveAsync();
        Assert.Equal("mud@example.test", received.EnvelopeFrom);
        Assert.Equal(["tamsin@example.test"], received.EnvelopeTo);
        Assert.Null(received.AuthenticatedUser);
        var from = Assert.Single(received.Message.From.Mailboxes);
        Assert.Equal(("ExVenture Mail", "mud@example.test"), (from.Name, from.Address));
        var to = Assert.Single(received.Message.To.Mailboxes);
        Assert.Equal(("Tamsin", "tamsin@example.test"), (to.Name, to.Address));
        Assert.Equal("Reset your password", received.Message.Subject);
        Assert.EndsWith("@example.test", received.Message.MessageId);
        Assert.Equal(Body, received.Message.TextBody?.ReplaceLineEndings("\n"));
        Assert.Contains($"<a href=\"{ResetUrl.Replace("&", "&amp;")}\">", received.Message.HtmlBody);
        Assert.Contains("&lt;b&gt;Not bold&lt;/b&gt; &amp; not a tag.", received.Message.HtmlBody);

        await host.Logs.WaitForAsync(e => e.Level == LogLevel.Information && e.Message.Contains("sent through"));
        Assert.Empty(host.Mailbox.Messages);
        AssertNoLogCarriesTheBody(host.Logs);
    }

    [Fact]
    public async Task The_user_and_password_in_smtp_url_log_in_before_sending()
    {
        await using var smtp = await TestSmtpServer.StartAsync(login: ("mailer@example.test", "p:ss w/rd%"));
        await using var host = await MailHost.StartAsync("Production", null,
            ("SMTP_URL", $"smtp://mailer%40example.test:p%3Ass%20w%2Frd%25@127.0.0.1:{smtp.Port}"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Welcome", "Welcome to Sallowmere.")));

        var received = await smtp.ReceiveAsync();
        Assert.Equal("mailer@example.test", received.AuthenticatedUser);
        Assert.Equal([("mailer@example.test", "p:ss w/rd%")], smtp.Logins);
        Assert.Equal("Welcome", received.Message.Subject);
        Assert.Equal("no-reply@mud.example.test", received.EnvelopeFrom);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains("p:ss") || e.Message.Contains("p%3Ass"));
    }

    [Fact]
    public async Task In_development_the_mailbox_records_the_mail_and_smtp_still_receives_it()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var host = await MailHost.StartAsync("Development", null, ("SMTP_URL", $"smtp://127.0.0.1:{smtp.Port}"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Reset your password", Body)));

        var received = await smtp.ReceiveAsync();
        var entry = await host.Mailbox.WaitForAsync(e => e.Subject == "Reset your password").WaitAsync(TestSmtpServer.Patience);
        Assert.Equal(("tamsin@example.test", Body), (entry.To, entry.Text));
        Assert.Equal(Body, received.Message.TextBody?.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task In_development_without_smtp_the_mailbox_alone_receives_mail()
    {
        await using var host = await MailHost.StartAsync("Development", null);

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "First", "one")));
        Assert.True(host.Outbox.Post(new OutgoingMail("brannoc@example.test", "Second", "two")));

        await host.Mailbox.WaitForAsync(e => e.Subject == "Second").WaitAsync(TestSmtpServer.Patience);
        Assert.Equal(["Second", "First"], host.Mailbox.Messages.Select(m => m.Subject));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_mail_posted_while_the_smtp_server_is_down_arrives_once_it_is_up()
    {
        var port = FreePort.Next();
        await using var host = await MailHost.StartAsync("Production",
            options =>
            {
                options.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
                options.MaxRetryDelay = TimeSpan.FromMilliseconds(250);
                options.MaxAttempts = 1000;
            },
            ("SMTP_URL", $"smtp://127.0.0.1:{port}"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Reset your password", Body)));
        var failure = await host.Logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("attempt 1 of 1000"));
        Assert.Contains("tamsin@example.test", failure.Message);

        await using var smtp = await TestSmtpServer.StartAsync(port);
        var received = await smtp.ReceiveAsync();

        Assert.Equal("Reset your password", received.Message.Subject);
        Assert.Equal(Body, received.Message.TextBody?.ReplaceLineEndings("\n"));
        await host.Logs.WaitForAsync(e => e.Level == LogLevel.Information && e.Message.Contains("sent through"));
        AssertNoLogCarriesTheBody(host.Logs);
    }

    [Fact]
    public async Task A_4xx_answer_is_retried_and_a_5xx_answer_is_not()
    {
        // DATA answers: 451 (try again), then 250, then 554 (never), then 250.
        await using var smtp = await TestSmtpServer.StartAsync(answer: n => n switch
        {
            1 => new SmtpResponse((SmtpReplyCode)451, "Try again later"),
            3 => new SmtpResponse(SmtpReplyCode.TransactionFailed, "No"),
            _ => SmtpResponse.Ok,
        });
        await using var host = await MailHost.StartAsync("Production", options => options.FirstRetryDelay = TimeSpan.FromMilliseconds(50),
            ("SMTP_URL", $"smtp://127.0.0.1:{smtp.Port}"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "First", "one")));
        Assert.Equal("First", (await smtp.ReceiveAsync()).Message.Subject);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("451"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Refused", "two")));
        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Third", "three")));

        // Mail goes out in order, so had "Refused" been tried again it would have come before "Third".
        Assert.Equal("Third", (await smtp.ReceiveAsync()).Message.Subject);
        Assert.False(smtp.HasUnread);
        Assert.Equal(4, smtp.Sessions);
        var refusal = Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("554", refusal.Message);
        Assert.Contains("not retried", refusal.Message);
    }

    [Fact]
    public async Task A_silent_smtp_server_neither_slows_nor_breaks_post_and_the_failure_is_logged()
    {
        // Accepts connections (the kernel completes the handshake) but never says a word.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            await using var host = await MailHost.StartAsync("Production",
                options =>
                {
                    options.Timeout = TimeSpan.FromMilliseconds(500);
                    options.FirstRetryDelay = TimeSpan.FromHours(1);
                },
                ("SMTP_URL", $"smtp://127.0.0.1:{port}"));

            var outbox = host.Outbox;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 50; i++)
            {
                Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", $"Reset {i}", Body)));
            }

            // The sender waits half a second per attempt; 50 posts waiting for it would take 25 s.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"50 posts took {clock.Elapsed}");

            var failure = await host.Logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("attempt 1 of"));
            Assert.Contains("Reset 0", failure.Message);
            Assert.Equal(49, host.Outbox.Count);
            AssertNoLogCarriesTheBody(host.Logs);

            // Stopping does not wait out the hour of backoff; what is left is counted.
            var stopping = Stopwatch.StartNew();
            await host.DisposeAsync();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {stopping.Elapsed}");
            Assert.Contains(host.Logs.Entries, e => e.Message.Contains("Reset 0") && e.Message.Contains("the server is stopping"));
            Assert.Contains(host.Logs.Entries, e => e.Message.Contains("49 queued mails were not sent"));
            Assert.False(outbox.Post(new OutgoingMail("tamsin@example.test", "Too late", "x")));
            Assert.Contains(host.Logs.Entries, e => e.Message.Contains("Too late") && e.Message.Contains("refused: the server is stopping"));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task Outside_development_without_smtp_mail_is_dropped_and_logged_without_its_body()
    {
        await using var host = await MailHost.StartAsync("Production", null);
        await host.Logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("Mail is not configured"));

        Assert.True(host.Outbox.Post(new OutgoingMail("tamsin@example.test", "Reset your password", Body)));
        Assert.True(host.Outbox.Post(new OutgoingMail("brannoc@example.test", "Welcome", Body)));

        await host.Logs.WaitForAsync(e => e.Level == LogLevel.Information && e.Message.Contains("brannoc@example.test") && e.Message.Contains("dropped"));
        var dropped = Assert.Single(host.Logs.Entries, e => e.Message.Contains("tamsin@example.test"));
        Assert.Equal(LogLevel.Information, dropped.Level);
        Assert.Contains("Reset your password", dropped.Message);
        Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Empty(host.Mailbox.Messages);
        AssertNoLogCarriesTheBody(host.Logs);
    }

    [Fact]
    public void The_outbox_refuses_mail_when_full()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var outbox = new MailOutbox(new MailOptions { Capacity = 3 }, factory.CreateLogger<MailOutbox>());

        var accepted = Enumerable.Range(1, 3).Select(i => outbox.Post(new OutgoingMail($"p{i}@example.test", $"Mail {i}", Body))).ToList();
        var refused = outbox.Post(new OutgoingMail("p4@example.test", "Mail 4", Body));

        Assert.Equal([true, true, true], accepted);
        Assert.False(refused);
        Assert.Equal(3, outbox.Count);
        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("p4@example.test", warning.Message);
        Assert.Contains("3 mails are already waiting", warning.Message);
        AssertNoLogCarriesTheBody(logs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("tamsin")]
    [InlineData("tamsin@example.test, brannoc@example.test")]
    [InlineData("tamsin@example.test\r\nBcc: everyone@example.test")]
    public void The_outbox_refuses_a_recipient_that_is_not_one_address(string to)
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var outbox = new MailOutbox(new MailOptions(), factory.CreateLogger<MailOutbox>());

        Assert.False(outbox.Post(new OutgoingMail(to, "Hello", Body)));
        Assert.False(outbox.Post(null!));
        Assert.False(outbox.Post(new OutgoingMail("tamsin@example.test", null!, Body)));
        Assert.Equal(0, outbox.Count);
        Assert.All(logs.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }

    private static void AssertNoLogCarriesTheBody(LogCapture logs) =>
        Assert.DoesNotContain(logs.Entries, e => e.ToString().Contains("s3cr3t-token") || e.ToString().Contains("Not bold"));
}
