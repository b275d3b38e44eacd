using ExVenture.Server.Configuration;
using ExVenture.Server.Hosting;
using ExVenture.TestSupport;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ExVenture.Server.Tests.Configuration;

/// <summary>DATABASE_URL_&lt;REGION&gt;: per-region journal databases beside the primary DATABASE_URL.</summary>
public sealed class RegionDatabaseSettingsTests : IDisposable
{
    private const string Secret = "0123456789abcdef0123456789abcdef-secret";
    private const string Primary = "postgres://game:pw@db.internal:5432/exventure";

    private readonly TempDirectory _contentRoot = new("exventure-region-config");

    public void Dispose() => _contentRoot.Dispose();

    [Fact]
    public void Without_region_variables_everything_stays_in_the_primary_database()
    {
        var settings = LoadProduction();

        Assert.Empty(settings.RegionDatabases);
        Assert.Empty(JournalSchemaComponent.RegionJournalsFor(settings));
    }

    [Fact]
    public void Each_region_variable_names_that_regions_database_in_any_DATABASE_URL_form()
    {
        var settings = LoadProduction(
            ("DATABASE_URL_NRT", "postgres://nrt:secret@nrt-db.internal:5433/exventure_nrt?sslmode=require"),
            ("DATABASE_URL_LHR", "Host=lhr-db.internal;Database=exventure_lhr;Username=lhr"),
            ("DATABASE_URL_US_EAST", "postgresql://u@east-db/ev"));

        Assert.Equal(["lhr", "nrt", "us-east"], settings.RegionDatabases.Keys.Order(StringComparer.Ordinal));
        var nrt = new NpgsqlConnectionStringBuilder(settings.RegionDatabases["nrt"].ConnectionString);
        Assert.Equal(("nrt-db.internal", 5433, "exventure_nrt", "nrt", SslMode.Require), (nrt.Host, nrt.Port, nrt.Database, nrt.Username, nrt.SslMode));
        Assert.Equal(10, nrt.MaxPoolSize);
        Assert.Equal("exventure_lhr", new NpgsqlConnectionStringBuilder(settings.RegionDatabases["lhr"].ConnectionString).Database);

        var journals = JournalSchemaComponent.RegionJournalsFor(settings);
        Assert.Equal(settings.RegionDatabases["nrt"].ConnectionString, journals["nrt"].ConnectionString);
        Assert.False(journals["nrt"].AutoInitialize);
        Assert.DoesNotContain("secret", settings.ToString());
        Assert.Contains("RegionDatabases = [lhr, nrt, us-east]", settings.ToString());
    }

    [Fact]
    public void A_blank_region_variable_is_unset()
    {
        Assert.Empty(LoadProduction(("DATABASE_URL_NRT", "  ")).RegionDatabases);
    }

    [Fact]
    public void Malformed_region_variables_are_each_named_without_their_values()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => LoadProduction(
            ("DATABASE_URL_NRT", "postgres://u:hunter2@/nodb"),
            ("DATABASE_URL_LHR", "mysql://u:hunter2@db/x"),
            ("DATABASE_URL_SYD", "sqlite:data/syd.db"),
            ("DATABASE_URL_X", "postgres://u@db/x")));

        Assert.Equal(["DATABASE_URL_LHR", "DATABASE_URL_NRT", "DATABASE_URL_SYD", "DATABASE_URL_X"], error.Errors.Select(e => e.Variable).Order(StringComparer.Ordinal));
        Assert.Contains("DATABASE_URL_NRT: is not a valid PostgreSQL URL", error.Message);
        Assert.Contains("DATABASE_URL_LHR: unsupported URL scheme", error.Message);
        Assert.Contains("DATABASE_URL_SYD: a region database must be PostgreSQL", error.Message);
        Assert.Contains("DATABASE_URL_X: 'x' is not a region code", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Development_on_the_embedded_SQLite_store_refuses_region_databases()
    {
        var configuration = Configuration(("DATABASE_URL_NRT", "postgres://u:p@db/nrt"), ("DATA_DIR", _contentRoot.Path));

        var error = Assert.Throws<InvalidConfigurationException>(() =>
            ServerSettings.Load(configuration, new TestHostEnvironment("Development", _contentRoot.Path)));

        Assert.Equal("DATABASE_URL_NRT", Assert.Single(error.Errors).Variable);
        Assert.Contains("need a PostgreSQL DATABASE_URL", error.Message);
    }

    private ServerSettings LoadProduction(params (string Key, string Value)[] variables) =>
        ServerSettings.Load(
            Configuration([("DATABASE_URL", Primary), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"), .. variables]),
            new TestHostEnvironment("Production", _contentRoot.Path));

    private static IConfiguration Configuration(params (string Key, string Value)[] variables) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
