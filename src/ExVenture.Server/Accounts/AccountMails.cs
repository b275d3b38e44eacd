using ExVenture.Server.Mail;

namespace ExVenture.Server.Accounts;

/// <summary>The text of every mail the accounts pages send. Plain text: it reads the same in every mail client.</summary>
public static class AccountMails
{
    public static OutgoingMail Welcome(Account account, string verifyUrl) => new(
        account.Email,
        "Welcome to ExVenture: please confirm your email",
        $"""
        Hello {account.Username},

        Your ExVenture account is ready, and the Silted Green is waiting for you.

        Please confirm that this address is yours by opening this link within three days:

        {verifyUrl}

        If you did not register, ignore this mail: nothing more will be sent.
        """);

    public static OutgoingMail VerifyEmail(Account account, string verifyUrl) => new(
        account.Email,
        "ExVenture: confirm your email",
        $"""
        Hello {account.Username},

        Please confirm that this address is yours by opening this link within three days:

        {verifyUrl}

        If you did not ask for this, you can ignore this mail.
        """);

    public static OutgoingMail PasswordReset(Account account, string resetUrl) => new(
        account.Email,
        "ExVenture: reset your password",
        $"""
        Hello {account.Username},

        Someone (we hope you) asked to reset the password of this ExVenture account. Choose a new one here;
        the link works once, within the next hour:

        {resetUrl}

        If you did not ask, ignore this mail: your password stays as it is.
        """);
}
