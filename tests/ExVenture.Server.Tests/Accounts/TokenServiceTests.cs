using System.Buffers.Text;
using System.Text;
using ExVenture.Server.Accounts;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Accounts;

public sealed class TokenServiceTests
{
    private const string Secret = "a-secret-key-base-of-more-than-32-characters";

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void An_issued_token_validates_to_its_claims()
    {
        var tokens = new TokenService(Secret, _clock);

        var issued = tokens.Issue("account-1", "Alice");

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(24), issued.ExpiresAt);
        Assert.Equal(new TokenClaims("account-1", "Alice", issued.ExpiresAt), tokens.Validate(issued.Token));
    }

    [Fact]
    public void Another_node_with_the_same_secret_accepts_the_token()
    {
        var issued = new TokenService(Secret, _clock).Issue("account-1", "Alice");

        Assert.NotNull(new TokenService(Secret, _clock).Validate(issued.Token));
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_rejected()
    {
        var issued = new TokenService("another-secret-key-base-of-32-characters-or-more", _clock).Issue("account-1", "Alice");

        Assert.Null(new TokenService(Secret, _clock).Validate(issued.Token));
    }

    [Fact]
    public void A_token_whose_payload_was_changed_is_rejected()
    {
        var tokens = new TokenService(Secret, _clock);
        var (payload, mac) = Split(tokens.Issue("account-1", "Alice").Token);
        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Replace("account-1", "account-2", StringComparison.Ordinal);

        var forged = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json))}.{mac}";

        Assert.Null(tokens.Validate(forged));
    }

    [Fact]
    public void A_token_whose_signature_was_changed_is_rejected()
    {
        var tokens = new TokenService(Secret, _clock);
        var (payload, mac) = Split(tokens.Issue("account-1", "Alice").Token);
        var bytes = Base64Url.DecodeFromChars(mac);
        bytes[0] ^= 1;

        Assert.Null(tokens.Validate($"{payload}.{Base64Url.EncodeToString(bytes)}"));
        Assert.Null(tokens.Validate($"{payload}.{mac[..^2]}"));
    }

    [Fact]
    public void A_token_is_accepted_until_it_expires()
    {
        var tokens = new TokenService(Secret, _clock, lifetime: TimeSpan.FromMinutes(10));
        var issued = tokens.Issue("account-1", "Alice");

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.NotNull(tokens.Validate(issued.Token));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(tokens.Validate(issued.Token));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData(".")]
    [InlineData("a.b")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_rejected_without_throwing(string? token)
    {
        Assert.Null(new TokenService(Secret, _clock).Validate(token));
    }

    [Fact]
    public void Doubled_or_oversized_tokens_are_rejected()
    {
        var tokens = new TokenService(Secret, _clock);
        var issued = tokens.Issue("account-1", "Alice");

        Assert.Null(tokens.Validate(issued.Token + "." + issued.Token));
        Assert.Null(tokens.Validate(new string('a', 5000)));
    }

    private static (string Payload, string Mac) Split(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(2, parts.Length);
        return (parts[0], parts[1]);
    }
}
