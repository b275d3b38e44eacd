using System.Security.Cryptography;
using ExVenture.Server.Accounts;
using ExVenture.Server.Configuration;
using ExVenture.Server.Web;
using ExVenture.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ExVenture.Server.Tests.Web;

/// <summary>Every node derives the same Data Protection key ring from SECRET_KEY_BASE: what one node protects (a
/// cookie, an antiforgery token, a mailed link) another opens; a different secret opens nothing.</summary>
public sealed class SecretDerivedKeysTests
{
    private const string Secret = "data-protection-tests-secret-key-base-0123456789";

    [Fact]
    public void Two_nodes_with_the_same_secret_read_each_others_payloads()
    {
        using var nodeA = Node(Secret);
        using var nodeB = Node(Secret);

        var sealedByA = Protector(nodeA).Protect("the bell still rings");

        Assert.Equal("the bell still rings", Protector(nodeB).Unprotect(sealedByA));
    }

    [Fact]
    public void A_node_with_another_secret_reads_nothing()
    {
        using var nodeA = Node(Secret);
        using var other = Node(Secret + "-rotated");

        var sealedByA = Protector(nodeA).Protect("the bell still rings");

        Assert.ThrowsAny<CryptographicException>(() => Protector(other).Unprotect(sealedByA));
    }

    [Fact]
    public void The_repository_never_stores_a_key()
    {
        var repository = new SecretDerivedKeyRepository(Secret);

        Assert.Single(repository.GetAllElements());
        Assert.Throws<InvalidOperationException>(() => repository.StoreElement(new System.Xml.Linq.XElement("key"), "generated"));
    }

    [Fact]
    public void Reset_links_last_an_hour_and_open_on_any_node()
    {
        var time = new ManualTimeProvider();
        using var nodeA = Node(Secret, time);
        using var nodeB = Node(Secret, time);
        var account = new Account("acc1", "alice", "alice@example.com", "hash", time.GetUtcNow(), SecurityStamp: "stamp-1");

        var url = new Uri(nodeA.GetRequiredService<AccountLinks>().PasswordResetUrl(account));
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)["token"].ToString();
        var links = nodeB.GetRequiredService<AccountLinks>();

        Assert.Equal("http://localhost:4000/register/reset/verify", url.GetLeftPart(UriPartial.Path));
        Assert.Equal(("acc1", "stamp-1"), links.ReadPasswordReset(token));
        Assert.Null(links.ReadEmailVerification(token));
        Assert.Null(links.ReadPasswordReset(token[..^2] + "xx"));

        time.Advance(AccountLinks.ResetLinkLifetime + TimeSpan.FromSeconds(1));
        Assert.Null(links.ReadPasswordReset(token));
    }

    [Fact]
    public void Email_links_are_bound_to_the_address_they_were_sent_to()
    {
        var time = new ManualTimeProvider();
        using var node = Node(Secret, time);
        var links = node.GetRequiredService<AccountLinks>();
        var account = new Account("acc1", "alice", "alice@example.com", "hash", time.GetUtcNow());

        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(links.EmailVerificationUrl(account)).Query)["token"].ToString();

        Assert.Equal(("acc1", "alice@example.com"), links.ReadEmailVerification(token));
        time.Advance(AccountLinks.EmailLinkLifetime - TimeSpan.FromMinutes(1));
        Assert.NotNull(links.ReadEmailVerification(token));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(links.ReadEmailVerification(token));
    }

    private static IDataProtector Protector(ServiceProvider node) =>
        node.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");

    private static ServiceProvider Node(string secret, TimeProvider? time = null)
    {
        var settings = new ServerSettings
        {
            IsDevelopment = true,
            Database = DatabaseSettings.ForSqliteFile("/tmp/unused.db"),
            PoolSize = 1,
            SecretKeyBase = secret,
            Host = "localhost",
            UrlScheme = "http",
            UrlPort = 4000,
            Port = 4000,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            DataDirectory = "/tmp",
            CharacterLimit = 5,
            CommandsPerSecond = 10,
        };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(settings);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddExVentureWeb(settings);
        return services.BuildServiceProvider();
    }
}
