using ExVenture.TestSupport.Mail;
using ExVenture.Server.Mail;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Mail;

public sealed class DevelopmentMailboxTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Keeps_the_last_200_messages_newest_first_with_the_time_they_came()
    {
        var mailbox = new DevelopmentMailbox(_clock);
        var start = _clock.GetUtcNow();
        for (var i = 1; i <= 205; i++)
        {
            mailbox.Record(new OutgoingMail($"p{i}@example.test", $"Mail {i}", $"Text {i}"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var messages = mailbox.Messages;
        Assert.Equal(DevelopmentMailbox.Capacity, messages.Count);
        Assert.Equal(new MailboxEntry(start.AddSeconds(204), "p205@example.test", "Mail 205", "Text 205"), messages[0]);
        Assert.Equal(new MailboxEntry(start.AddSeconds(5), "p6@example.test", "Mail 6", "Text 6"), messages[^1]);
        Assert.Equal(Enumerable.Range(6, 200).Reverse().Select(i => $"Mail {i}"), messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task Waiting_returns_a_kept_match_or_the_next_one_to_arrive()
    {
        var mailbox = new DevelopmentMailbox(_clock);
        mailbox.Record(new OutgoingMail("tamsin@example.test", "Welcome", "Hello"));

        var kept = await mailbox.WaitForAsync(m => m.To == "tamsin@example.test");
        var next = mailbox.WaitForAsync(m => m.Subject == "Reset");
        Assert.False(next.IsCompleted);
        mailbox.Record(new OutgoingMail("brannoc@example.test", "Welcome", "Hello"));
        Assert.False(next.IsCompleted);
        mailbox.Record(new OutgoingMail("brannoc@example.test", "Reset", "https://x.test/r"));

        Assert.Equal("Welcome", kept.Subject);
        Assert.Equal("https://x.test/r", (await next.WaitAsync(TestSmtpServer.Patience)).Text);
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        var mailbox = new DevelopmentMailbox(_clock);
        using var cancel = new CancellationTokenSource();

        var waiting = mailbox.WaitForAsync(_ => true, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        mailbox.Record(new OutgoingMail("tamsin@example.test", "Later", "x"));
    }
}
