namespace ExVenture.Server.Mail;

/// <summary>Tunables of outgoing mail, adjustable at registration (<see cref="MailServiceCollectionExtensions.AddExVentureMail"/>).</summary>
public sealed class MailOptions
{
    /// <summary>How many mails may wait to be sent; <see cref="MailOutbox.Post"/> refuses more, so a dead SMTP server
    /// cannot make the queue grow without bound.</summary>
    public int Capacity { get; set; } = 1000;

    /// <summary>How often one mail is tried before it is given up (connect errors and 4xx answers are retried).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one SMTP operation (connect, authenticate, send) may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after <paramref name="failedAttempts"/> failures: FirstRetryDelay × 2^(failedAttempts − 1), at most MaxRetryDelay.</summary>
    internal TimeSpan RetryDelay(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var delay = FirstRetryDelay * factor;
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
