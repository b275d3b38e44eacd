using ExVenture.Server.Configuration;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;
using SmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace ExVenture.Server.Mail;

/// <summary>
/// Drains the <see cref="MailOutbox"/> in the background, one mail at a time: in development every mail goes to the
/// <see cref="DevelopmentMailbox"/>; with SMTP_URL it is sent over SMTP, retried with backoff on connect errors and 4xx
/// answers; with neither it is dropped and logged (recipient and subject only: bodies carry reset links). Every failure
/// stays here: it is logged, never thrown, so mail can fail without anything else in the server noticing.
/// </summary>
internal sealed class MailSender(
    MailOutbox outbox,
    DevelopmentMailbox mailbox,
    ServerSettings settings,
    MailOptions options,
    TimeProvider time,
    ILogger<MailSender> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWhereMailGoes();
        try
        {
            await foreach (var mail in outbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await HandleAsync(mail, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        finally
        {
            outbox.Close();
            if (outbox.Count > 0)
            {
                log.LogWarning("{Count} queued mails were not sent: the server is stopping", outbox.Count);
            }
        }
    }

    private void LogWhereMailGoes()
    {
        if (settings.Smtp is { } smtp)
        {
            log.LogInformation("Mail is sent from {From} through {Smtp}{AndMailbox}", settings.MailFrom, smtp,
                settings.IsDevelopment ? " and shown at /dev/mailbox" : "");
        }
        else if (settings.IsDevelopment)
        {
            log.LogInformation("Mail is not sent (no SMTP_URL) but shown at /dev/mailbox");
        }
        else
        {
            log.LogWarning("Mail is not configured: set SMTP_URL (smtp://user:password@host:587) to send it; until then every mail (password resets too) is dropped");
        }
    }

    private async Task HandleAsync(OutgoingMail mail, CancellationToken stoppingToken)
    {
        try
        {
            if (settings.IsDevelopment)
            {
                mailbox.Record(mail);
            }

            if (settings.Smtp is { } smtp)
            {
                await SendWithRetriesAsync(smtp, mail, stoppingToken).ConfigureAwait(false);
            }
            else if (!settings.IsDevelopment)
            {
                log.LogInformation("Mail to {To} ({Subject}) dropped: mail is not configured (SMTP_URL)", mail.To, mail.Subject);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            log.LogWarning("Mail to {To} ({Subject}) not sent: the server is stopping", mail.To, mail.Subject);
            throw;
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Mail to {To} ({Subject}) not sent: it could not be prepared", mail.To, mail.Subject);
        }
    }

    private async Task SendWithRetriesAsync(SmtpSettings smtp, OutgoingMail mail, CancellationToken stoppingToken)
    {
        using var message = BuildMessage(mail);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendOnceAsync(smtp, message, stoppingToken).ConfigureAwait(false);
                log.LogInformation("Mail to {To} ({Subject}) sent through {Host}:{Port}", mail.To, mail.Subject, smtp.Host, smtp.Port);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!IsTransient(ex))
                {
                    log.LogError(ex, "Mail to {To} ({Subject}) not sent: {Host}:{Port} refused it ({Reason}); it is not retried",
                        mail.To, mail.Subject, smtp.Host, smtp.Port, Describe(ex));
                    return;
                }

                if (attempt >= options.MaxAttempts)
                {
                    log.LogError(ex, "Mail to {To} ({Subject}) not sent after {Attempts} attempts through {Host}:{Port} ({Reason}); giving up",
                        mail.To, mail.Subject, attempt, smtp.Host, smtp.Port, Describe(ex));
                    return;
                }

                var delay = options.RetryDelay(attempt);
                log.LogWarning("Mail to {To} ({Subject}) not sent, attempt {Attempt} of {Attempts} through {Host}:{Port} ({Reason}); retrying in {Delay}",
                    mail.To, mail.Subject, attempt, options.MaxAttempts, smtp.Host, smtp.Port, Describe(ex), delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SendOnceAsync(SmtpSettings smtp, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(options.Timeout.TotalMilliseconds, 1, int.MaxValue) };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken).ConfigureAwait(false);
        if (smtp.User is { } user)
        {
            await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);
    }

    private MimeMessage BuildMessage(OutgoingMail mail)
    {
        var from = MailAddresses.Parse(settings.MailFrom);
        var message = new MimeMessage
        {
            Subject = mail.Subject.ReplaceLineEndings(" "),
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
            Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = MailText.ToHtmlDocument(mail.Text) }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailAddresses.Parse(mail.To));
        return message;
    }

    /// <summary>
    /// Whether another attempt may succeed: refused connections, timeouts, dropped connections and 4xx answers may pass;
    /// 5xx answers, failed authentication, a TLS mismatch or a server without AUTH will not.
    /// </summary>
    private static bool IsTransient(Exception ex) => ex switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        AuthenticationException or SslHandshakeException or NotSupportedException or ParseException or ArgumentException => false,
        _ => true,
    };

    /// <summary>What went wrong, in one line and without the message (it holds the body).</summary>
    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
