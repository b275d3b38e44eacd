using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ExVenture.Server.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace ExVenture.Server.Accounts;

/// <summary>
/// The links mailed to players: verify an email address, reset a password. Each token is Data Protection ciphertext
/// (keys from SECRET_KEY_BASE, so any node opens any node's link) of the account id, what the link is bound to, and the
/// time it was issued:
/// <list type="bullet">
/// <item>an email link is bound to the address it was sent to, so it verifies nothing once the email changes (valid 3 days);</item>
/// <item>a reset link is bound to the account's security stamp, which every password change replaces, so a link
/// works once, and is spent by any later password change (valid 1 hour).</item>
/// </list>
/// </summary>
public sealed class AccountLinks(IDataProtectionProvider protection, TimeProvider time, ServerSettings settings)
{
    public static readonly TimeSpan EmailLinkLifetime = TimeSpan.FromDays(3);
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromHours(1);

    public const string EmailPath = "/register/confirm";
    public const string ResetPath = "/register/reset/verify";

    private readonly IDataProtector _email = protection.CreateProtector("exventure/email-verification/v1");
    private readonly IDataProtector _reset = protection.CreateProtector("exventure/password-reset/v1");

    public string EmailVerificationUrl(Account account) => Url(EmailPath, Protect(_email, account.Id, account.Email));

    public string PasswordResetUrl(Account account) => Url(ResetPath, Protect(_reset, account.Id, account.SecurityStamp));

    /// <summary>The account id and address of a valid, unexpired email link; null for anything else.</summary>
    public (string AccountId, string Email)? ReadEmailVerification(string? token) => Unprotect(_email, token, EmailLinkLifetime);

    /// <summary>The account id and security stamp of a valid, unexpired reset link; null for anything else.
    /// The caller still compares the stamp with the account's current one.</summary>
    public (string AccountId, string Stamp)? ReadPasswordReset(string? token) => Unprotect(_reset, token, ResetLinkLifetime);

    private string Url(string path, string token) => QueryHelpers.AddQueryString(settings.PublicUrl + path, "token", token);

    private string Protect(IDataProtector protector, string accountId, string boundTo)
    {
        var issued = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', accountId, boundTo, issued));
        return WebEncoders.Base64UrlEncode(protector.Protect(payload));
    }

    private (string, string)? Unprotect(IDataProtector protector, string? token, TimeSpan lifetime)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }

        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issuedAt))
        {
            return null;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt);
        return age >= TimeSpan.Zero - TimeSpan.FromMinutes(5) && age <= lifetime ? (parts[0], parts[1]) : null;
    }
}
