using MimeKit;

namespace ExVenture.Server.Mail;

/// <summary>
/// One reading of mail addresses for configuration (MAIL_FROM), the outbox (recipients) and the sender: RFC-strict,
/// because MimeKit's default leniency accepts things like an unclosed <c>Name &lt;a@b</c>.
/// </summary>
internal static class MailAddresses
{
    public static readonly ParserOptions Strict = CreateStrict();

    /// <summary>Whether <paramref name="text"/> is exactly one address (optionally with a display name) with a local part and a domain.</summary>
    public static bool IsOneAddress(string text) =>
        MailboxAddress.TryParse(Strict, text, out var mailbox) && mailbox.LocalPart.Length > 0 && mailbox.Domain.Length > 0;

    /// <summary>Parses an address already accepted by <see cref="IsOneAddress"/>.</summary>
    public static MailboxAddress Parse(string text) => MailboxAddress.Parse(Strict, text);

    private static ParserOptions CreateStrict()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        return options;
    }
}
