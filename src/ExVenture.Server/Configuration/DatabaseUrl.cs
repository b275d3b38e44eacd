using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ExVenture.Server.Configuration;

/// <summary>
/// Reads <c>DATABASE_URL</c> in any of the forms operators use:
/// <c>postgres://user:pass@host:port/db?sslmode=require</c> (or <c>postgresql://</c>), a plain Npgsql connection string
/// (<c>Host=...;Database=...</c>), <c>sqlite:&lt;path&gt;</c> or <c>Data Source=&lt;file&gt;.db</c>.
/// Error messages never repeat the value: it may hold a password.
/// </summary>
public static class DatabaseUrl
{
    private const int DefaultPostgresPort = 5432;
    private const string Expected =
        "expected postgres://user:password@host:port/database, a connection string like Host=...;Database=..., sqlite:<path> or Data Source=<file>.db";

    private static readonly string[] SqliteKeys = ["data source", "datasource", "filename"];
    private static readonly string[] PoolSizeKeys = ["maximum pool size", "max pool size", "maxpoolsize"];

    /// <param name="value">The raw variable.</param>
    /// <param name="maxPoolSize">POOL_SIZE; applied to PostgreSQL unless a connection string sets its own.</param>
    /// <param name="baseDirectory">Where relative SQLite paths are rooted (the content root).</param>
    /// <param name="error">Why the value was refused, without the value itself.</param>
    public static DatabaseSettings? TryParse(string value, int maxPoolSize, string baseDirectory, out string? error)
    {
        error = null;
        var trimmed = value.Trim();
        if (trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromPostgresUrl(trimmed, maxPoolSize, out error);
        }

        if (trimmed.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return FromSqlitePath(trimmed["sqlite:".Length..], baseDirectory, out error);
        }

        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            error = $"unsupported URL scheme; {Expected}";
            return null;
        }

        return FromConnectionString(trimmed, maxPoolSize, baseDirectory, out error);
    }

    private static DatabaseSettings? FromPostgresUrl(string value, int maxPoolSize, out string? error)
    {
        error = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"is not a valid PostgreSQL URL; {Expected}";
            return null;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
        {
            error = "the PostgreSQL URL must name one database in its path, as in postgres://user:password@host:5432/database";
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.IdnHost,
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPostgresPort : uri.Port,
            Database = database,
        };

        var userInfo = uri.UserInfo;
        if (userInfo.Length > 0)
        {
            var colon = userInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            }
        }

        foreach (var (name, parameter) in QueryParameters(uri.Query))
        {
            if (!name.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                error = $"unsupported URL parameter '{name}' (only sslmode is understood)";
                return null;
            }

            if (ParseSslMode(parameter) is not { } mode)
            {
                error = $"sslmode '{parameter}' is not one of disable, allow, prefer, require, verify-ca, verify-full";
                return null;
            }

            builder.SslMode = mode;
        }

        return DatabaseSettings.ForPostgreSql(builder, maxPoolSize);
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(string query) =>
        query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : ""));

    private static SslMode? ParseSslMode(string value) => value.ToLowerInvariant() switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => null,
    };

    private static DatabaseSettings? FromSqlitePath(string path, string baseDirectory, out string? error)
    {
        error = null;
        // sqlite:///abs/file.db and sqlite://rel/file.db read like URLs; sqlite:<path> is the plain form.
        var file = path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
        if (file.Trim().Length == 0)
        {
            error = "sqlite: must be followed by a file path, as in sqlite:data/exventure.db";
            return null;
        }

        return DatabaseSettings.ForSqliteFile(file, baseDirectory);
    }

    private static DatabaseSettings? FromConnectionString(string value, int maxPoolSize, string baseDirectory, out string? error)
    {
        error = null;
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            error = $"is neither a URL nor a well-formed connection string; {Expected}";
            return null;
        }

        return SqliteKeys.Any(generic.ContainsKey)
            ? FromSqliteConnectionString(value, baseDirectory, out error)
            : FromNpgsqlConnectionString(value, PoolSizeKeys.Any(generic.ContainsKey) ? null : maxPoolSize, out error);
    }

    private static DatabaseSettings? FromSqliteConnectionString(string value, string baseDirectory, out string? error)
    {
        error = null;
        try
        {
            var builder = new SqliteConnectionStringBuilder(value);
            if (builder.DataSource.Trim().Length == 0)
            {
                error = "the SQLite connection string must name a file in Data Source";
                return null;
            }

            return DatabaseSettings.ForSqlite(builder, baseDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            error = "is not a valid SQLite connection string (keywords: Data Source, Mode, Cache, Default Timeout, ...)";
            return null;
        }
    }

    private static DatabaseSettings? FromNpgsqlConnectionString(string value, int? maxPoolSize, out string? error)
    {
        error = null;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            error = $"is not a valid Npgsql connection string; {Expected}";
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            error = $"the PostgreSQL connection string has no Host; {Expected}";
            return null;
        }

        return DatabaseSettings.ForPostgreSql(builder, maxPoolSize);
    }
}
