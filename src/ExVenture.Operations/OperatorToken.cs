using System.Security.Cryptography;
using System.Text;

namespace ExVenture.Operations;

/// <summary>
/// The operator token when OPERATOR_TOKEN is not set: HKDF-SHA256(SECRET_KEY_BASE, info "exventure/operator-token/v1"),
/// base64url. Every node with the same SECRET_KEY_BASE expects the same token, and <c>pbm</c> run inside a machine
/// (e.g. over <c>fly ssh console</c>) derives it from the machine's own SECRET_KEY_BASE without being told.
/// </summary>
public static class OperatorToken
{
    private static readonly byte[] Info = "exventure/operator-token/v1"u8.ToArray();

    public static string Derive(string secretKeyBase)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKeyBase);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKeyBase), 32, salt: [], info: Info);
        return Convert.ToBase64String(key).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Compares in constant time, so response timing says nothing about how much of a guess was right.</summary>
    public static bool Matches(string? presented, string expected) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
