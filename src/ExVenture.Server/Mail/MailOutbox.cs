using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Mail;

/// <summary>
/// Where features leave mail to be sent. <see cref="Post"/> only queues: the mail is sent (or shown in the development
/// mailbox) later by the mail sender in the background, so a slow or dead SMTP server never holds up a request.
/// The queue is bounded (<see cref="MailOptions.Capacity"/>): when it is full, mail is refused rather than piled up.
/// </summary>
public sealed class MailOutbox
{
    private readonly Channel<OutgoingMail> _queue;
    private readonly ILogger<MailOutbox> _log;
    private bool _closed;

    public MailOutbox(MailOptions options, ILogger<MailOutbox> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        Capacity = options.Capacity;
        _log = log;
        _queue = Channel.CreateBounded<OutgoingMail>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>How many mails may wait at once.</summary>
    public int Capacity { get; }

    /// <summary>Mails waiting to be sent.</summary>
    public int Count => _queue.Reader.Count;

    internal ChannelReader<OutgoingMail> Reader => _queue.Reader;

    /// <summary>
    /// Queues <paramref name="mail"/> for sending and returns at once. Never throws and never waits.
    /// </summary>
    /// <returns>False, with a warning logged, when the mail was refused: the queue is full, the recipient is not one
    /// mail address, or the outbox is closed because the server is stopping.</returns>
    public bool Post(OutgoingMail mail)
    {
        try
        {
            if (mail is null || mail.To is null || mail.Subject is null || mail.Text is null)
            {
                _log.LogWarning("Mail refused: a mail needs a recipient, a subject and a text");
                return false;
            }

            if (!MailAddresses.IsOneAddress(mail.To))
            {
                _log.LogWarning("Mail to {To} ({Subject}) refused: the recipient is not one mail address", mail.To, mail.Subject);
                return false;
            }

            if (_queue.Writer.TryWrite(mail))
            {
                return true;
            }

            if (Volatile.Read(ref _closed))
            {
                _log.LogWarning("Mail to {To} ({Subject}) refused: the server is stopping", mail.To, mail.Subject);
                return false;
            }

            _log.LogWarning("Mail to {To} ({Subject}) refused: {Count} mails are already waiting to be sent (the outbox holds {Capacity})",
                mail.To, mail.Subject, _queue.Reader.Count, Capacity);
            return false;
        }
        catch (Exception ex)
        {
            // Posting mail is never worth failing a request over.
            _log.LogError(ex, "Mail refused: could not queue it");
            return false;
        }
    }

    /// <summary>Refuses every later <see cref="Post"/>; the sender stops once the queue is empty.</summary>
    internal void Close()
    {
        Volatile.Write(ref _closed, true);
        _queue.Writer.TryComplete();
    }
}
