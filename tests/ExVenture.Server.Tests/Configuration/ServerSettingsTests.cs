using ExVenture.Server.Configuration;
using ExVenture.TestSupport;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;

namespace ExVenture.Server.Tests.Configuration;

public sealed class ServerSettingsTests : IDisposable
{
    private const string Secret = "0123456789abcdef0123456789abcdef-secret";

    private readonly TempDirectory _contentRoot = new("exventure-config");

    public void Dispose() => _contentRoot.Dispose();

    [Fact]
    public void Production_with_nothing_set_lists_every_required_variable_at_once()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Production"));

        Assert.Equal(["DATABASE_URL", "HOST", "SECRET_KEY_BASE"], error.Errors.Select(e => e.Variable).Order());
        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.Contains("Production", lines[0]);
        Assert.Contains(lines, line => line.Contains("DATABASE_URL: required"));
        Assert.Contains(lines, line => line.Contains("SECRET_KEY_BASE: required"));
        Assert.Contains(lines, line => line.Contains("HOST: required"));
    }

    [Fact]
    public void Malformed_values_are_listed_together_with_missing_ones()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Production",
            ("POOL_SIZE", "lots"),
            ("PORT", "70000"),
            ("URL_PORT", "0"),
            ("URL_SCHEME", "ftp"),
            ("LOG_LEVEL", "loud"),
            ("CHARACTER_LIMIT", "-1"),
            ("TCP_NODELAY", "maybe"),
            ("SECRET_KEY_BASE", "too-short"),
            ("HOST", "bad host/name")));

        Assert.Equal(
            ["CHARACTER_LIMIT", "DATABASE_URL", "HOST", "LOG_LEVEL", "POOL_SIZE", "PORT", "SECRET_KEY_BASE", "TCP_NODELAY", "URL_PORT", "URL_SCHEME"],
            error.Errors.Select(e => e.Variable).Order());
        Assert.Equal(11, error.Message.Split(Environment.NewLine).Length);
        Assert.Contains("POOL_SIZE: must be a whole number from 1 to 1000 (got 'lots')", error.Message);
        Assert.Contains("SECRET_KEY_BASE: must be at least 32 characters (got 9)", error.Message);
        Assert.DoesNotContain("too-short", error.Message);
    }

    [Fact]
    public void Production_reads_every_variable()
    {
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://game:pw@db.internal:5432/exventure"),
            ("SECRET_KEY_BASE", Secret),
            ("HOST", "my-mud.fly.dev"),
            ("POOL_SIZE", "25"),
            ("PORT", "8080"),
            ("LOG_LEVEL", "warning"),
            ("CHARACTER_LIMIT", "3"),
            ("TCP_NODELAY", "False"));

        Assert.False(settings.IsDevelopment);
        Assert.False(settings.TcpNoDelay);
        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal(Secret, settings.SecretKeyBase);
        Assert.Equal(25, settings.PoolSize);
        Assert.Equal(8080, settings.Port);
        Assert.Equal(LogLevel.Warning, settings.LogLevel);
        Assert.Equal(3, settings.CharacterLimit);
        Assert.Equal("https", settings.UrlScheme);
        Assert.Equal(443, settings.UrlPort);
        Assert.Equal("https://my-mud.fly.dev", settings.PublicUrl);
        Assert.DoesNotContain(Secret, settings.ToString());
        Assert.DoesNotContain("pw", settings.Database.ToString());
    }

    [Fact]
    public void Production_defaults()
    {
        var settings = LoadProduction("postgres://u:p@db/x");

        Assert.Equal(10, settings.PoolSize);
        Assert.Equal(4000, settings.Port);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
        Assert.Equal(5, settings.CharacterLimit);
        Assert.True(settings.TcpNoDelay);
        Assert.Equal(Path.Combine(_contentRoot.Path, "data"), settings.DataDirectory);
    }

    [Fact]
    public void The_public_url_names_a_port_that_is_not_the_schemes_default()
    {
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://u:p@db/x"), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"), ("URL_SCHEME", "HTTP"), ("URL_PORT", "8443"));

        Assert.Equal("http://mud.example.com:8443", settings.PublicUrl);
    }

    [Fact]
    public void A_postgres_url_is_decoded_into_an_npgsql_connection_string()
    {
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://us%40er:p%3Ass%2Fw%20rd@db.example.com/game%20db?sslmode=require"),
            ("SECRET_KEY_BASE", Secret),
            ("HOST", "mud.example.com"),
            ("POOL_SIZE", "7"));

        var builder = new NpgsqlConnectionStringBuilder(settings.Database.ConnectionString);
        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("game db", builder.Database);
        Assert.Equal("us@er", builder.Username);
        Assert.Equal("p:ss/w rd", builder.Password);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(7, builder.MaxPoolSize);
    }

    [Fact]
    public void A_postgresql_url_keeps_its_port_and_may_omit_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(LoadProduction("postgresql://game@10.0.0.5:6543/exventure").Database.ConnectionString);

        Assert.Equal("10.0.0.5", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("game", builder.Username);
        Assert.Null(builder.Password);
        Assert.Equal(10, builder.MaxPoolSize);
    }

    [Theory]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("allow", SslMode.Allow)]
    [InlineData("prefer", SslMode.Prefer)]
    [InlineData("require", SslMode.Require)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("VERIFY-FULL", SslMode.VerifyFull)]
    public void Sslmode_maps_to_npgsqls_ssl_mode(string sslmode, SslMode expected)
    {
        var settings = LoadProduction($"postgres://u:p@db:5432/x?sslmode={sslmode}");

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(settings.Database.ConnectionString).SslMode);
    }

    [Theory]
    [InlineData("postgres://user:hunter2secret@db.example.com")]
    [InlineData("postgres://user:hunter2secret@db.example.com:notaport/game")]
    [InlineData("postgres://user:hunter2secret@db.example.com/game?sslmode=sometimes")]
    [InlineData("postgres://user:hunter2secret@db.example.com/game?timeout=5")]
    [InlineData("mysql://user:hunter2secret@db.example.com/game")]
    [InlineData("Database=game;Password=hunter2secret")]
    [InlineData("Host=db;Port=notaport;Password=hunter2secret")]
    [InlineData("Host=db;Colour=blue;Password=hunter2secret")]
    [InlineData("sqlite:")]
    public void A_malformed_database_url_is_listed_without_its_password(string url)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => LoadProduction(url));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("DATABASE_URL", problem.Variable);
        Assert.DoesNotContain("hunter2secret", error.Message);
    }

    [Fact]
    public void An_npgsql_connection_string_passes_through_with_the_pool_size()
    {
        var settings = Load("Production",
            ("DATABASE_URL", "Host=db.internal;Port=5433;Database=game;Username=u;Password=pw;SSL Mode=Disable"),
            ("SECRET_KEY_BASE", Secret),
            ("HOST", "mud.example.com"),
            ("POOL_SIZE", "12"));

        var builder = new NpgsqlConnectionStringBuilder(settings.Database.ConnectionString);
        Assert.Equal(DatabaseProvider.PostgreSql, settings.Database.Provider);
        Assert.Equal(("db.internal", 5433, "game", "u", "pw", SslMode.Disable, 12),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode, builder.MaxPoolSize));
    }

    [Fact]
    public void An_npgsql_connection_string_keeps_its_own_pool_size()
    {
        var settings = LoadProduction("Host=db;Database=game;Maximum Pool Size=3");

        Assert.Equal(3, new NpgsqlConnectionStringBuilder(settings.Database.ConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData("sqlite:data/game.db", "data/game.db")]
    [InlineData("sqlite:/var/lib/mud/game.db", "/var/lib/mud/game.db")]
    [InlineData("sqlite:///var/lib/mud/game.db", "/var/lib/mud/game.db")]
    [InlineData("Data Source=game.db", "game.db")]
    [InlineData("Data Source=/var/lib/mud/game.db;Cache=Shared", "/var/lib/mud/game.db")]
    public void Sqlite_forms_become_an_absolute_file_with_timeout_and_foreign_keys(string url, string file)
    {
        var settings = LoadProduction(url);

        var builder = new SqliteConnectionStringBuilder(settings.Database.ConnectionString);
        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.Equal(Path.GetFullPath(file, _contentRoot.Path), builder.DataSource);
        Assert.Equal(30, builder.DefaultTimeout);
        Assert.True(builder.ForeignKeys);
        Assert.Contains("Default Timeout=30", settings.Database.ConnectionString);
    }

    [Fact]
    public void Development_needs_nothing_and_defaults_to_sqlite_under_the_data_folder()
    {
        var settings = Load("Development");

        var dataDirectory = Path.Combine(_contentRoot.Path, "data");
        Assert.True(settings.IsDevelopment);
        Assert.Equal(dataDirectory, settings.DataDirectory);
        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.Equal(Path.Combine(dataDirectory, "exventure.db"), new SqliteConnectionStringBuilder(settings.Database.ConnectionString).DataSource);
        Assert.Equal(("localhost", "http", 4000, 4000), (settings.Host, settings.UrlScheme, settings.Port, settings.UrlPort));
        Assert.Equal("http://localhost:4000", settings.PublicUrl);
        Assert.Equal(128, settings.SecretKeyBase.Length);
        Assert.Equal(settings.SecretKeyBase, File.ReadAllText(Path.Combine(dataDirectory, "dev-secret")));
    }

    [Fact]
    public void The_development_secret_survives_a_restart_and_differs_per_data_folder()
    {
        var first = Load("Development");
        var second = Load("Development");
        var elsewhere = Load("Development", ("DATA_DIR", "other-data"));

        Assert.Equal(first.SecretKeyBase, second.SecretKeyBase);
        Assert.NotEqual(first.SecretKeyBase, elsewhere.SecretKeyBase);
        Assert.Equal(Path.Combine(_contentRoot.Path, "other-data"), elsewhere.DataDirectory);
    }

    [Fact]
    public void Development_uses_a_given_secret_and_url_port_follows_port()
    {
        var settings = Load("Development", ("SECRET_KEY_BASE", Secret), ("PORT", "5005"));

        Assert.Equal(Secret, settings.SecretKeyBase);
        Assert.False(File.Exists(Path.Combine(settings.DataDirectory, "dev-secret")));
        Assert.Equal("http://localhost:5005", settings.PublicUrl);
    }

    [Fact]
    public void Development_still_rejects_malformed_values()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Development", ("POOL_SIZE", "0"), ("PORT", "4000x")));

        Assert.Equal(["POOL_SIZE", "PORT"], error.Errors.Select(e => e.Variable).Order());
    }

    [Fact]
    public void Without_smtp_url_mail_has_no_server_and_comes_from_no_reply_at_host()
    {
        var production = LoadProduction("postgres://u:p@db/x");
        var development = Load("Development");

        Assert.Null(production.Smtp);
        Assert.Equal("ExVenture <no-reply@mud.example.com>", production.MailFrom);
        Assert.Null(development.Smtp);
        Assert.Equal("ExVenture <no-reply@localhost>", development.MailFrom);
        Assert.Contains("Smtp = none", production.ToString());
        Assert.Contains("MailFrom = ExVenture <no-reply@mud.example.com>", production.ToString());
    }

    [Theory]
    [InlineData("smtp://mail.example.com", "mail.example.com", 587, SecureSocketOptions.StartTlsWhenAvailable, null, null)]
    [InlineData("SMTP://Mail.Example.com:2525/", "mail.example.com", 2525, SecureSocketOptions.StartTlsWhenAvailable, null, null)]
    [InlineData("smtps://mail.example.com", "mail.example.com", 465, SecureSocketOptions.SslOnConnect, null, null)]
    [InlineData("smtps://mailer@mail.example.com:1465", "mail.example.com", 1465, SecureSocketOptions.SslOnConnect, "mailer", null)]
    [InlineData("smtp://apikey:@127.0.0.1:25", "127.0.0.1", 25, SecureSocketOptions.StartTlsWhenAvailable, "apikey", "")]
    [InlineData("smtp://us%40er:p%3Ass%2Fw%20rd%40@[::1]:587", "::1", 587, SecureSocketOptions.StartTlsWhenAvailable, "us@er", "p:ss/w rd@")]
    public void Smtp_url_is_read_into_host_port_security_and_decoded_credentials(string url, string host, int port, SecureSocketOptions security, string? user, string? password)
    {
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://u:p@db/x"), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"), ("SMTP_URL", url));

        Assert.Equal(new SmtpSettings(host, port, security, user, password), settings.Smtp);
    }

    [Fact]
    public void Smtp_url_is_optional_in_development_too_and_never_printed_with_its_password()
    {
        var settings = Load("Development", ("SMTP_URL", "smtp://mailer:hunter2secret@mail.example.com"));

        Assert.Equal(new SmtpSettings("mail.example.com", 587, SecureSocketOptions.StartTlsWhenAvailable, "mailer", "hunter2secret"), settings.Smtp);
        Assert.DoesNotContain("hunter2secret", settings.Smtp!.ToString());
        Assert.DoesNotContain("hunter2secret", settings.ToString());
        Assert.Contains("mail.example.com", settings.ToString());
        Assert.Contains("mailer", settings.ToString());
    }

    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("smtp:mail.example.com")]
    [InlineData("http://mailer:hunter2secret@mail.example.com")]
    [InlineData("smtp://mailer:hunter2secret@")]
    [InlineData("smtp://mailer:hunter2secret@mail.example.com:notaport")]
    [InlineData("smtp://mailer:hunter2secret@mail.example.com:0")]
    [InlineData("smtp://mailer:hunter2secret@mail.example.com:70000")]
    [InlineData("smtp://mailer:hunter2secret@mail.example.com/path")]
    [InlineData("smtp://mailer:hunter2secret@mail.example.com?tls=yes")]
    [InlineData("smtp://:hunter2secret@mail.example.com")]
    public void A_malformed_smtp_url_is_listed_without_its_password(string url)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Development", ("SMTP_URL", url)));

        var problem = Assert.Single(error.Errors);
        Assert.Equal("SMTP_URL", problem.Variable);
        Assert.DoesNotContain("hunter2secret", error.Message);
        Assert.Contains("SMTP_URL: ", error.Message);
    }

    [Theory]
    [InlineData("mud@example.com", "mud@example.com")]
    [InlineData("ExVenture <mud@example.com>", "ExVenture <mud@example.com>")]
    [InlineData("  \"Sallowmere, the Village\" <mud@example.com>  ", "\"Sallowmere, the Village\" <mud@example.com>")]
    [InlineData("Sallowmere Post Office <mud@example.com>", "Sallowmere Post Office <mud@example.com>")]
    public void Mail_from_takes_an_address_with_an_optional_display_name(string value, string expected)
    {
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://u:p@db/x"), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"), ("MAIL_FROM", value));

        Assert.Equal(expected, settings.MailFrom);
        Assert.True(MailboxAddress.TryParse(settings.MailFrom, out var parsed));
        Assert.Equal("mud@example.com", parsed.Address);
    }

    [Theory]
    [InlineData("mud")]
    [InlineData("mud@")]
    [InlineData("ExVenture")]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("ExVenture <mud@example.com")]
    public void A_malformed_mail_from_is_listed_with_the_other_problems(string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Production",
            ("DATABASE_URL", "postgres://u:p@db/x"), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"),
            ("MAIL_FROM", value), ("SMTP_URL", "ftp://mail.example.com"), ("PORT", "x")));

        Assert.Equal(["MAIL_FROM", "PORT", "SMTP_URL"], error.Errors.Select(e => e.Variable).Order());
        Assert.Contains("MAIL_FROM: ", error.Message);
    }

    [Fact]
    public void The_operator_host_defaults_to_loopback_port_9110_with_a_token_derived_from_the_secret()
    {
        var settings = LoadProduction("postgres://u:p@db/x");

        Assert.Equal(9110, settings.OperatorPort);
        Assert.Equal(System.Net.IPAddress.Loopback, settings.OperatorBind);
        Assert.Equal(ExVenture.Operations.OperatorToken.Derive(Secret), settings.OperatorToken);
        Assert.Contains("Operator = 127.0.0.1:9110", settings.ToString());
        Assert.DoesNotContain(settings.OperatorToken, settings.ToString());
    }

    [Fact]
    public void Operator_variables_are_read_and_the_token_is_never_printed()
    {
        const string Token = "an-operator-token-of-32-characters";
        var settings = Load("Production",
            ("DATABASE_URL", "postgres://u:p@db/x"), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"),
            ("OPERATOR_PORT", "9200"), ("OPERATOR_BIND", "fdaa::3"), ("OPERATOR_TOKEN", Token));

        Assert.Equal(9200, settings.OperatorPort);
        Assert.Equal(System.Net.IPAddress.Parse("fdaa::3"), settings.OperatorBind);
        Assert.Equal(Token, settings.OperatorToken);
        Assert.DoesNotContain(Token, settings.ToString());
        Assert.Contains("Operator = off", (settings with { OperatorPort = 0 }).ToString());
    }

    [Fact]
    public void Zero_turns_the_operator_host_off()
    {
        Assert.Equal(0, Load("Development", ("OPERATOR_PORT", "0")).OperatorPort);
    }

    [Fact]
    public void Malformed_operator_variables_are_listed_without_the_token()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Development",
            ("OPERATOR_PORT", "70000"), ("OPERATOR_BIND", "localhost"), ("OPERATOR_TOKEN", "short-secret-token")));

        Assert.Equal(["OPERATOR_BIND", "OPERATOR_PORT", "OPERATOR_TOKEN"], error.Errors.Select(e => e.Variable).Order());
        Assert.Contains("OPERATOR_TOKEN: must be at least 24 characters (got 18)", error.Message);
        Assert.Contains("OPERATOR_BIND: 'localhost' is not an IP address", error.Message);
        Assert.DoesNotContain("short-secret-token", error.Message);
    }

    [Fact]
    public void The_operator_port_may_not_be_the_public_port()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Load("Development", ("PORT", "4000"), ("OPERATOR_PORT", "4000")));

        Assert.Equal("OPERATOR_PORT", Assert.Single(error.Errors).Variable);
    }

    private ServerSettings LoadProduction(string databaseUrl) =>
        Load("Production", ("DATABASE_URL", databaseUrl), ("SECRET_KEY_BASE", Secret), ("HOST", "mud.example.com"));

    private ServerSettings Load(string environment, params (string Key, string Value)[] variables)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return ServerSettings.Load(configuration, new TestHostEnvironment(environment, _contentRoot.Path));
    }
}
