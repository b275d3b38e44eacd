using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExVenture.Server.Accounts;

/// <summary>A freshly issued API token and when it stops being accepted.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>What a valid token says: whose it is and until when.</summary>
public sealed record TokenClaims(string AccountId, string Username, DateTimeOffset ExpiresAt);

/// <summary>
/// Stateless API tokens: <c>base64url(json payload) + "." + base64url(HMAC-SHA256(payload part))</c>, keyed by
/// HKDF-SHA256(SECRET_KEY_BASE, info "exventure/api-token/v1"). Every node with the same SECRET_KEY_BASE accepts every node's tokens.
/// </summary>
public sealed class TokenService
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    private const int MaxTokenLength = 2048;
    private const int MacLength = HMACSHA256.HashSizeInBytes;
    private static readonly byte[] KeyInfo = "exventure/api-token/v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public TokenService(string secretKeyBase, TimeProvider time, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKeyBase);
        ArgumentNullException.ThrowIfNull(time);
        Lifetime = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThan(Lifetime, TimeSpan.FromSeconds(1), nameof(lifetime));
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKeyBase), HMACSHA256.HashSizeInBytes, salt: [], info: KeyInfo);
        _time = time;
    }

    public TimeSpan Lifetime { get; }

    public IssuedToken Issue(string accountId, string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(username);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((_time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(accountId, username, expiresAt.ToUnixTimeSeconds()), TokenJson.Default.Payload);
        var encodedPayload = Base64Url.EncodeToString(payload);
        var mac = Base64Url.EncodeToString(Sign(encodedPayload));
        return new IssuedToken($"{encodedPayload}.{mac}", expiresAt);
    }

    /// <summary>The token's claims, or null when it is malformed, tampered with, signed with another secret or expired. Never throws.</summary>
    public TokenClaims? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || token.IndexOf('.', dot + 1) >= 0)
        {
            return null;
        }

        var encodedPayload = token[..dot];
        var encodedMac = token.AsSpan(dot + 1);
        if (!Base64Url.IsValid(encodedMac, out var macLength) || macLength != MacLength)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        Base64Url.DecodeFromChars(encodedMac, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, Sign(encodedPayload)))
        {
            return null;
        }

        var payload = ReadPayload(encodedPayload);
        if (payload is not { Sub.Length: > 0, Name.Length: > 0 })
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
        return _time.GetUtcNow() < expiresAt ? new TokenClaims(payload.Sub, payload.Name, expiresAt) : null;
    }

    private byte[] Sign(string encodedPayload) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(encodedPayload));

    private static Payload? ReadPayload(string encodedPayload)
    {
        if (!Base64Url.IsValid(encodedPayload))
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(encodedPayload), TokenJson.Default.Payload);
            // Reject out-of-range expiry times before they reach DateTimeOffset.
            return payload is { Exp: > 0 and < 253_402_300_800 } ? payload : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal sealed record Payload(
        [property: JsonPropertyName("sub")] string Sub,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("exp")] long Exp);
}

[JsonSerializable(typeof(TokenService.Payload))]
internal sealed partial class TokenJson : JsonSerializerContext;
