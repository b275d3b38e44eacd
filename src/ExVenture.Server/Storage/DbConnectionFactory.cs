using System.Data.Common;
using ExVenture.Server.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ExVenture.Server.Storage;

/// <summary>
/// Opens connections to the configured database: a pooled <see cref="NpgsqlDataSource"/> for PostgreSQL, or
/// Microsoft.Data.Sqlite's data source for SQLite, where every connection also gets <c>PRAGMA busy_timeout=30000</c>
/// and the file is switched to WAL once (the journal mode is kept in the file).
/// One instance per process; dispose it at shutdown.
/// </summary>
public sealed class DbConnectionFactory : IAsyncDisposable
{
    private const string SqliteConnectionSetup = "PRAGMA busy_timeout=30000;";
    private const string SqliteFileSetup = "PRAGMA journal_mode=WAL;";

    private readonly string? _sqliteFile;
    private volatile bool _sqliteFileReady;

    public DbConnectionFactory(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        switch (settings.Provider)
        {
            case DatabaseProvider.PostgreSql:
                DataSource = NpgsqlDataSource.Create(settings.ConnectionString);
                ProviderFactory = NpgsqlFactory.Instance;
                break;
            case DatabaseProvider.Sqlite:
                DataSource = SqliteFactory.Instance.CreateDataSource(settings.ConnectionString);
                ProviderFactory = SqliteFactory.Instance;
                _sqliteFile = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider.");
        }
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    public DbProviderFactory ProviderFactory { get; }

    /// <summary>The underlying data source; prefer <see cref="OpenConnectionAsync"/>, which also prepares SQLite connections.</summary>
    public DbDataSource DataSource { get; }

    /// <summary>An open connection, ready for use; dispose it to give it back to the pool.</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == DatabaseProvider.Sqlite && !_sqliteFileReady)
        {
            CreateSqliteDirectory();
        }

        var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (Provider != DatabaseProvider.Sqlite)
        {
            return connection;
        }

        try
        {
            await connection.ExecuteAsync(SqliteConnectionSetup, cancellationToken).ConfigureAwait(false);
            if (!_sqliteFileReady)
            {
                await connection.ExecuteAsync(SqliteFileSetup, cancellationToken).ConfigureAwait(false);
                _sqliteFileReady = true;
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void CreateSqliteDirectory()
    {
        if (Path.GetDirectoryName(_sqliteFile) is { Length: > 0 } directory && Path.IsPathFullyQualified(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
