using Microsoft.Data.Sqlite;
using Npgsql;

namespace ExVenture.Server.Configuration;

public enum DatabaseProvider
{
    PostgreSql,
    Sqlite,
}

/// <summary>Which database the server talks to, with a normalized Npgsql or Microsoft.Data.Sqlite connection string.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// A SQLite database in <paramref name="path"/> (made absolute against <paramref name="baseDirectory"/> when relative),
    /// with the command timeout and foreign-key enforcement every connection needs.
    /// </summary>
    public static DatabaseSettings ForSqliteFile(string path, string? baseDirectory = null) =>
        ForSqlite(new SqliteConnectionStringBuilder { DataSource = path }, baseDirectory);

    internal static DatabaseSettings ForSqlite(SqliteConnectionStringBuilder builder, string? baseDirectory)
    {
        if (!IsInMemory(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, baseDirectory ?? Directory.GetCurrentDirectory());
        }

        // Microsoft.Data.Sqlite's default command timeout is 30 s; writing the value keeps a chosen one and makes it explicit.
        var timeoutSeconds = builder.DefaultTimeout;
        builder.DefaultTimeout = timeoutSeconds;

        builder.ForeignKeys ??= true;
        return new DatabaseSettings(DatabaseProvider.Sqlite, builder.ConnectionString);
    }

    /// <summary>A PostgreSQL database; <paramref name="maxPoolSize"/> overrides the pool size unless null.</summary>
    public static DatabaseSettings ForPostgreSql(string connectionString, int? maxPoolSize = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return ForPostgreSql(builder, maxPoolSize);
    }

    internal static DatabaseSettings ForPostgreSql(NpgsqlConnectionStringBuilder builder, int? maxPoolSize)
    {
        if (maxPoolSize is { } size)
        {
            builder.MaxPoolSize = size;
        }

        return new DatabaseSettings(DatabaseProvider.PostgreSql, builder.ConnectionString);
    }

    private static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource == ":memory:" || dataSource.StartsWith("file::memory:", StringComparison.Ordinal);

    /// <summary>Never prints the connection string: it may hold a password.</summary>
    public override string ToString() => $"DatabaseSettings {{ Provider = {Provider} }}";
}
