namespace ExVenture.Server.Mail;

/// <summary>
/// One plain-text mail to one recipient, as features hand it to <see cref="MailOutbox.Post"/>. The text is the whole
/// message; an HTML part with the same words and clickable links is made from it when the mail is sent.
/// </summary>
/// <param name="To">The recipient: an address, optionally with a display name (<c>Tamsin &lt;tamsin@example.test&gt;</c>).</param>
/// <param name="Subject">One line; line breaks are replaced by spaces.</param>
/// <param name="Text">The body. It may carry secrets (reset links), so it is never logged.</param>
public sealed record OutgoingMail(string To, string Subject, string Text);
