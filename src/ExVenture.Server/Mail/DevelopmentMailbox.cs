namespace ExVenture.Server.Mail;

/// <summary>One mail as the development mailbox shows it.</summary>
/// <param name="Time">When the mail sender took it from the outbox.</param>
public sealed record MailboxEntry(DateTimeOffset Time, string To, string Subject, string Text);

/// <summary>
/// In development, every mail the server would send, kept in memory (the last <see cref="Capacity"/>, newest first) so a
/// developer can follow a reset link without an SMTP server, at <c>/dev/mailbox</c>, and tests can wait for a mail.
/// </summary>
public sealed class DevelopmentMailbox(TimeProvider time)
{
    public const int Capacity = 200;

    private readonly object _gate = new();
    private readonly LinkedList<MailboxEntry> _entries = []; // newest first
    private readonly List<Waiter> _waiters = [];

    /// <summary>The kept mails, newest first: a copy, safe to enumerate while mail arrives.</summary>
    public IReadOnlyList<MailboxEntry> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Keeps <paramref name="mail"/> as the newest message, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public MailboxEntry Record(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var entry = new MailboxEntry(time.GetUtcNow(), mail.To, mail.Subject, mail.Text);
        List<Waiter> matched = [];
        lock (_gate)
        {
            _entries.AddFirst(entry);
            while (_entries.Count > Capacity)
            {
                _entries.RemoveLast();
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Matches(entry))
                {
                    matched.Add(_waiters[i]);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in matched)
        {
            waiter.Complete(entry);
        }

        return entry;
    }

    /// <summary>
    /// The newest kept mail that <paramref name="match"/> accepts, or else the next such mail to arrive: lets a test
    /// wait for a mail sent in the background without polling.
    /// </summary>
    public Task<MailboxEntry> WaitForAsync(Func<MailboxEntry, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        Waiter waiter;
        lock (_gate)
        {
            if (_entries.FirstOrDefault(match) is { } kept)
            {
                return Task.FromResult(kept);
            }

            waiter = new Waiter(match);
            _waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _waiters.Remove(waiter);
                }

                waiter.Cancel(cancellationToken);
            });
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    private sealed class Waiter(Func<MailboxEntry, bool> match)
    {
        private readonly TaskCompletionSource<MailboxEntry> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<MailboxEntry> Task => _done.Task;

        public bool Matches(MailboxEntry entry)
        {
            try
            {
                return match(entry);
            }
            catch (Exception ex)
            {
                _done.TrySetException(ex);
                return true;
            }
        }

        public void Complete(MailboxEntry entry) => _done.TrySetResult(entry);

        public void Cancel(CancellationToken token) => _done.TrySetCanceled(token);
    }
}
