using System.Net;
using ExVenture.Actors.Hosting;
using ExVenture.Operations;
using ExVenture.Server.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Configuration;

/// <summary>
/// The server's settings, read once at start-up from the environment variables Fly users know.
/// Development (<c>dotnet run</c>) needs none of them: it uses SQLite and a generated secret under DATA_DIR.
/// Any other environment requires DATABASE_URL, SECRET_KEY_BASE and HOST.
/// </summary>
public sealed record ServerSettings
{
    public const int MinimumSecretLength = 32;
    public const int MinimumOperatorTokenLength = 24;

    /// <summary>The prefix of the per-region database variables; the region code follows it.</summary>
    public const string RegionDatabasePrefix = "DATABASE_URL_";

    private static readonly string[] Schemes = ["http", "https"];
    private static readonly string[] Booleans = ["true", "false"];
    private static readonly string[] LogLevels =
        [nameof(LogLevel.Trace), nameof(LogLevel.Debug), nameof(LogLevel.Information), nameof(LogLevel.Warning), nameof(LogLevel.Error), nameof(LogLevel.Critical)];

    public required bool IsDevelopment { get; init; }

    /// <summary>DATABASE_URL, normalized; in development without it, SQLite at <c>&lt;DATA_DIR&gt;/exventure.db</c>.</summary>
    public required DatabaseSettings Database { get; init; }

    /// <summary>
    /// DATABASE_URL_&lt;REGION&gt; (optional, any number): per-region databases by lower-case region code
    /// (DATABASE_URL_NRT is region <c>nrt</c>; an underscore in the code stands for a dash). The journal and snapshots
    /// of entities homed in that region go there; everything else stays in <see cref="Database"/>. Same forms as
    /// DATABASE_URL, PostgreSQL only, and only beside a PostgreSQL DATABASE_URL: the embedded SQLite store of
    /// development keeps every region in its one file, so a region database there is refused rather than ignored.
    /// </summary>
    public IReadOnlyDictionary<string, DatabaseSettings> RegionDatabases { get; init; } = new Dictionary<string, DatabaseSettings>();

    /// <summary>POOL_SIZE (1..1000, default 10): the most connections one node opens to PostgreSQL.</summary>
    public required int PoolSize { get; init; }

    /// <summary>SECRET_KEY_BASE (at least 32 characters): the root of every signing key; the same on every node.</summary>
    public required string SecretKeyBase { get; init; }

    /// <summary>HOST: the public host name (development default: localhost).</summary>
    public required string Host { get; init; }

    /// <summary>URL_SCHEME: http or https (default http in development, https elsewhere).</summary>
    public required string UrlScheme { get; init; }

    /// <summary>URL_PORT: the public port (default PORT in development, else 443 for https and 80 for http).</summary>
    public required int UrlPort { get; init; }

    /// <summary>PORT (default 4000): the port Kestrel listens on for HTTP, in every environment.</summary>
    public required int Port { get; init; }

    /// <summary>LOG_LEVEL: Trace, Debug, Information (default), Warning, Error or Critical.</summary>
    public required LogLevel LogLevel { get; init; }

    /// <summary>DATA_DIR (default <c>&lt;content root&gt;/data</c>), absolute: the development database and secret live here.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>CHARACTER_LIMIT (1..1000, default 5): characters one account may create.</summary>
    public required int CharacterLimit { get; init; }

    /// <summary>COMMANDS_PER_SECOND (0..100000, default 10): commands one socket may send per second, with bursts of
    /// twice that; 0 turns the limit off (benchmarks with closed-loop bots).</summary>
    public required int CommandsPerSecond { get; init; }

    /// <summary>TCP_NODELAY (true or false, default true): whether player sockets turn off Nagle's algorithm. The
    /// game writes many small frames; with Nagle on, a frame can wait for the client's delayed acknowledgement.
    /// Only for measuring the difference (docs/benchmarks.md).</summary>
    public bool TcpNoDelay { get; init; } = true;

    /// <summary>SMTP_URL (optional in every environment): where outgoing mail is sent; null when unset, and then
    /// development shows mail at <c>/dev/mailbox</c> and other environments drop it (with a warning at start).</summary>
    public SmtpSettings? Smtp { get; init; }

    /// <summary>MAIL_FROM: the sender of outgoing mail, an address with an optional display name
    /// (default <c>ExVenture &lt;no-reply@HOST&gt;</c>).</summary>
    public string MailFrom
    {
        get => field ?? DefaultMailFrom(Host);
        init;
    }

    /// <summary>OPERATOR_PORT (0..65535, default 9110): the port of the operator host <c>pbm</c> talks to, never the
    /// public one; 0 turns the operator host off.</summary>
    public int OperatorPort { get; init; } = OperatorProtocol.DefaultPort;

    /// <summary>OPERATOR_BIND (an IP address, default 127.0.0.1): where the operator host listens. Loopback keeps it
    /// to the machine itself (<c>fly ssh console</c>, a preStop hook); a private address opens it to the private network.</summary>
    public IPAddress OperatorBind { get; init; } = IPAddress.Loopback;

    /// <summary>OPERATOR_TOKEN (at least 24 characters): what every operator request must present; when unset,
    /// <see cref="global::ExVenture.Operations.OperatorToken.Derive"/> of SECRET_KEY_BASE, the same on every node. Never printed.</summary>
    public string OperatorToken { get; init; } = "";

    /// <summary>scheme://host[:port], the port left out when it is the scheme's default.</summary>
    public string PublicUrl =>
        (UrlScheme, UrlPort) is ("http", 80) or ("https", 443)
            ? $"{UrlScheme}://{Host}"
            : $"{UrlScheme}://{Host}:{UrlPort}";

    /// <summary>
    /// Reads and validates every variable.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">Lists every missing or malformed variable, one per line.</exception>
    public static ServerSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        var development = environment.IsDevelopment();
        var contentRoot = Path.GetFullPath(environment.ContentRootPath);
        var read = new VariableReader(configuration);

        var poolSize = read.Integer("POOL_SIZE", 1, 1000, 10);
        var port = read.Integer("PORT", 1, 65535, 4000);
        var characterLimit = read.Integer("CHARACTER_LIMIT", 1, 1000, 5);
        var commandsPerSecond = read.Integer("COMMANDS_PER_SECOND", 0, 100_000, 10);
        var tcpNoDelay = read.OneOf("TCP_NODELAY", Booleans, "true") == "true";
        var logLevel = Enum.Parse<LogLevel>(read.OneOf("LOG_LEVEL", LogLevels, nameof(LogLevel.Information)));
        var dataDirectory = Path.GetFullPath(read.Optional("DATA_DIR") ?? "data", contentRoot);
        var scheme = read.OneOf("URL_SCHEME", Schemes, development ? "http" : "https");
        var urlPort = read.Integer("URL_PORT", 1, 65535, development ? port : scheme == "https" ? 443 : 80);
        var host = ReadHost(read, development);
        var database = ReadDatabase(read, development, poolSize, dataDirectory, contentRoot);
        var regionDatabases = ReadRegionDatabases(read, database, poolSize, contentRoot);
        var secret = ReadSecret(read, development, dataDirectory);
        var smtp = ReadSmtp(read);
        var mailFrom = ReadMailFrom(read);
        var operatorPort = read.Integer("OPERATOR_PORT", 0, 65535, OperatorProtocol.DefaultPort);
        if (operatorPort != 0 && operatorPort == port)
        {
            read.Fail("OPERATOR_PORT", $"must differ from PORT ({port}): the operator host never shares the public port (0 turns it off)");
        }

        var operatorBind = ReadOperatorBind(read);
        var operatorToken = ReadOperatorToken(read, secret);

        if (read.Errors.Count > 0)
        {
            throw new InvalidConfigurationException(environment.EnvironmentName, read.Errors);
        }

        return new ServerSettings
        {
            IsDevelopment = development,
            Database = database!,
            RegionDatabases = regionDatabases,
            PoolSize = poolSize,
            SecretKeyBase = secret!,
            Host = host!,
            UrlScheme = scheme,
            UrlPort = urlPort,
            Port = port,
            LogLevel = logLevel,
            DataDirectory = dataDirectory,
            CharacterLimit = characterLimit,
            CommandsPerSecond = commandsPerSecond,
            TcpNoDelay = tcpNoDelay,
            Smtp = smtp,
            MailFrom = mailFrom ?? DefaultMailFrom(host!),
            OperatorPort = operatorPort,
            OperatorBind = operatorBind,
            OperatorToken = operatorToken!,
        };
    }

    private static string? ReadHost(VariableReader read, bool development)
    {
        var host = development
            ? read.Optional("HOST") ?? "localhost"
            : read.Required("HOST", "required outside development: the public host name, e.g. my-mud.fly.dev");
        if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            read.Fail("HOST", $"'{host}' is not a host name (give the name alone, without scheme, port or path)");
            return null;
        }

        return host;
    }

    private static DatabaseSettings? ReadDatabase(VariableReader read, bool development, int poolSize, string dataDirectory, string contentRoot)
    {
        var url = development
            ? read.Optional("DATABASE_URL")
            : read.Required("DATABASE_URL", "required outside development, e.g. postgres://user:password@host:5432/database");
        if (url is null)
        {
            return development ? DatabaseSettings.ForSqliteFile(Path.Combine(dataDirectory, "exventure.db")) : null;
        }

        var settings = DatabaseUrl.TryParse(url, poolSize, contentRoot, out var error);
        if (error is not null)
        {
            read.Fail("DATABASE_URL", error);
        }

        return settings;
    }

    /// <summary>Every DATABASE_URL_&lt;REGION&gt;, checked like DATABASE_URL and against it.</summary>
    private static Dictionary<string, DatabaseSettings> ReadRegionDatabases(VariableReader read, DatabaseSettings? primary, int poolSize, string contentRoot)
    {
        var databases = new Dictionary<string, DatabaseSettings>(StringComparer.Ordinal);
        foreach (var variable in read.NamesStartingWith(RegionDatabasePrefix))
        {
            if (read.Optional(variable) is not { } url)
            {
                continue;
            }

            var region = variable[RegionDatabasePrefix.Length..].ToLowerInvariant().Replace('_', '-');
            if (!Regions.IsValid(region))
            {
                read.Fail(variable, $"'{region}' is not a region code: name the region in the variable, e.g. DATABASE_URL_NRT for nrt (letters and digits, 2 to 16)");
                continue;
            }

            var settings = DatabaseUrl.TryParse(url, poolSize, contentRoot, out var error);
            if (error is not null)
            {
                read.Fail(variable, error);
            }
            else if (settings!.Provider != DatabaseProvider.PostgreSql)
            {
                read.Fail(variable, "a region database must be PostgreSQL, like DATABASE_URL, e.g. postgres://user:password@host:5432/database");
            }
            else if (primary is { Provider: not DatabaseProvider.PostgreSql })
            {
                read.Fail(variable, "region databases need a PostgreSQL DATABASE_URL; the embedded SQLite store keeps every region in its one file (unset this variable, or set DATABASE_URL to PostgreSQL)");
            }
            else
            {
                databases[region] = settings;
            }
        }

        return databases;
    }

    private static string? ReadSecret(VariableReader read, bool development, string dataDirectory)
    {
        var secret = development
            ? read.Optional("SECRET_KEY_BASE")
            : read.Required("SECRET_KEY_BASE", $"required outside development: a random string of at least {MinimumSecretLength} characters, the same on every node (e.g. openssl rand -base64 48)");
        if (secret is null && development)
        {
            try
            {
                return DevelopmentSecret.LoadOrCreate(dataDirectory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                read.Fail("DATA_DIR", $"cannot keep the development secret in {dataDirectory}: {ex.Message}");
                return null;
            }
        }

        if (secret is not null && secret.Length < MinimumSecretLength)
        {
            read.Fail("SECRET_KEY_BASE", $"must be at least {MinimumSecretLength} characters (got {secret.Length})");
            return null;
        }

        return secret;
    }

    private static IPAddress ReadOperatorBind(VariableReader read)
    {
        if (read.Optional("OPERATOR_BIND") is not { } text)
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(text, out var address))
        {
            return address;
        }

        read.Fail("OPERATOR_BIND", $"'{text}' is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::)");
        return IPAddress.Loopback;
    }

    /// <summary>OPERATOR_TOKEN when set (checked, never echoed), else derived from SECRET_KEY_BASE.</summary>
    private static string? ReadOperatorToken(VariableReader read, string? secret)
    {
        if (read.Optional("OPERATOR_TOKEN") is { } token)
        {
            if (token.Length >= MinimumOperatorTokenLength)
            {
                return token;
            }

            read.Fail("OPERATOR_TOKEN", $"must be at least {MinimumOperatorTokenLength} characters (got {token.Length}), or unset to derive it from SECRET_KEY_BASE");
            return null;
        }

        return secret is null ? null : global::ExVenture.Operations.OperatorToken.Derive(secret);
    }

    private static string DefaultMailFrom(string host) => $"ExVenture <no-reply@{host}>";

    private static SmtpSettings? ReadSmtp(VariableReader read)
    {
        if (read.Optional("SMTP_URL") is not { } url)
        {
            return null;
        }

        var smtp = SmtpSettings.TryParse(url, out var error);
        if (error is not null)
        {
            read.Fail("SMTP_URL", error);
        }

        return smtp;
    }

    /// <summary>MAIL_FROM when it is one address, or null for the default (which follows HOST).</summary>
    private static string? ReadMailFrom(VariableReader read)
    {
        if (read.Optional("MAIL_FROM") is not { } text)
        {
            return null;
        }

        if (MailAddresses.IsOneAddress(text))
        {
            return text;
        }

        read.Fail("MAIL_FROM", $"'{text}' is not one mail address; expected mud@example.com or ExVenture <mud@example.com>");
        return null;
    }

    /// <summary>Leaves out the secret, the connection string, the SMTP password and the operator token.</summary>
    public override string ToString() =>
        $"ServerSettings {{ IsDevelopment = {IsDevelopment}, Database = {Database.Provider}, RegionDatabases = [{string.Join(", ", RegionDatabases.Keys)}], PublicUrl = {PublicUrl}, Port = {Port}, "
        + $"PoolSize = {PoolSize}, LogLevel = {LogLevel}, DataDirectory = {DataDirectory}, CharacterLimit = {CharacterLimit}, CommandsPerSecond = {CommandsPerSecond}, TcpNoDelay = {TcpNoDelay}, "
        + $"Smtp = {Smtp?.ToString() ?? "none"}, MailFrom = {MailFrom}, Operator = {(OperatorPort == 0 ? "off" : $"{OperatorBind}:{OperatorPort}")} }}";
}
