using MailKit.Security;

namespace ExVenture.Server.Configuration;

/// <summary>
/// Where outgoing mail goes, read from <c>SMTP_URL</c>: <c>smtp://[user[:password]@]host[:port]</c> (port 587, STARTTLS
/// when the server offers it) or <c>smtps://…</c> (port 465, TLS from the first byte). User and password are
/// percent-decoded, so a password may hold any character.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, string? User, string? Password)
{
    public const int DefaultSubmissionPort = 587;
    public const int DefaultImplicitTlsPort = 465;

    private const string Expected = "expected smtp://[user[:password]@]host[:port] or smtps://[user[:password]@]host[:port], with user and password percent-encoded";

    /// <summary>Reads an SMTP URL.</summary>
    /// <param name="value">The raw variable.</param>
    /// <param name="error">Why the value was refused, without the value itself: it may hold a password.</param>
    public static SmtpSettings? TryParse(string value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        error = null;
        var trimmed = value.Trim();
        var secure = trimmed.StartsWith("smtps://", StringComparison.OrdinalIgnoreCase);
        if (!secure && !trimmed.StartsWith("smtp://", StringComparison.OrdinalIgnoreCase))
        {
            error = $"unsupported scheme; {Expected}";
            return null;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.IdnHost.Length == 0)
        {
            error = $"is not a valid SMTP URL; {Expected}";
            return null;
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"must not have a path, query or fragment; {Expected}";
            return null;
        }

        if (uri.Port == 0)
        {
            error = "the port must be from 1 to 65535";
            return null;
        }

        string? user = null;
        string? password = null;
        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            if (user.Length == 0)
            {
                error = $"a password needs a user name; {Expected}";
                return null;
            }
        }

        var port = uri.Port > 0 ? uri.Port : secure ? DefaultImplicitTlsPort : DefaultSubmissionPort;
        var security = secure ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        return new SmtpSettings(uri.IdnHost, port, security, user, password);
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() =>
        $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, User = {User ?? "(none)"} }}";
}
