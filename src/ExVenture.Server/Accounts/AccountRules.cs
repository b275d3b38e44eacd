using System.Net.Mail;

namespace ExVenture.Server.Accounts;

/// <summary>What the API accepts as a username, email, password and character name, with the messages it gives back.</summary>
public static class AccountRules
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 20;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int EmailMaxLength = 254;
    public const int CharacterNameMinLength = 3;
    public const int CharacterNameMaxLength = 16;

    public static string? UsernameProblem(string? username) => username switch
    {
        null or "" => "Username is required.",
        { Length: < UsernameMinLength or > UsernameMaxLength } =>
            $"Username must be {UsernameMinLength} to {UsernameMaxLength} characters long.",
        _ when !username.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') =>
            "Username may contain only letters (A-Z), digits and underscores.",
        _ => null,
    };

    public static string? EmailProblem(string? email) => email switch
    {
        null or "" => "Email is required.",
        { Length: > EmailMaxLength } => $"Email must be at most {EmailMaxLength} characters long.",
        _ when !LooksLikeEmail(email) => "Email must be an address like name@example.com.",
        _ => null,
    };

    public static string? PasswordProblem(string? password) => password switch
    {
        null or "" => "Password is required.",
        { Length: < PasswordMinLength or > PasswordMaxLength } =>
            $"Password must be {PasswordMinLength} to {PasswordMaxLength} characters long.",
        _ => null,
    };

    public static string? CharacterNameProblem(string? name) => name switch
    {
        null or "" => "Name is required.",
        { Length: < CharacterNameMinLength or > CharacterNameMaxLength } =>
            $"Name must be {CharacterNameMinLength} to {CharacterNameMaxLength} letters long.",
        _ when !name.All(char.IsAsciiLetter) => "Name may contain only letters (A-Z).",
        _ => null,
    };

    /// <summary>A valid character name as stored and shown: first letter upper-case, the rest as typed.</summary>
    public static string NormalizeCharacterName(string name) => string.Concat(name[..1].ToUpperInvariant(), name.AsSpan(1));

    private static bool LooksLikeEmail(string email) =>
        MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');
}
