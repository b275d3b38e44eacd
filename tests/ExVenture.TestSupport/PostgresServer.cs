using System.Text.RegularExpressions;
using Npgsql;

namespace ExVenture.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests. With <c>EXVENTURE_TEST_POSTGRES</c> set to a connection string, that server;
/// otherwise a throwaway cluster started from the newest binaries under /usr/lib/postgresql/*/bin, on a free loopback
/// port with trust authentication, started on first use. Each test takes a fresh database from <see cref="CreateDatabaseAsync"/>
/// (databases are never dropped: the server is throwaway).
/// </summary>
public sealed partial class PostgresServer
{
    public const string ConnectionStringVariable = "EXVENTURE_TEST_POSTGRES";

    /// <summary>The variable naming a server for benchmarks, which must be durable (see <see cref="Durable"/>).</summary>
    public const string BenchmarkConnectionStringVariable = "EXVENTURE_BENCH_POSTGRES";

    private static readonly Lazy<PostgresServer> SharedServer = new(CreateShared);

    private readonly Lazy<Task<string>> _adminConnectionString;
    private readonly bool _durable;
    private readonly string _variable;
    private LocalPostgresCluster? _cluster;

    private PostgresServer(bool durable, string variable)
    {
        _durable = durable;
        _variable = variable;
        _adminConnectionString = new Lazy<Task<string>>(StartAsync);
    }

    /// <summary>
    /// One server per test process, stopped (<c>pg_ctl stop -m immediate</c>) when the process exits. A test host may be
    /// killed during exit, so a watchdog process also stops the server and deletes its folder once this process is gone.
    /// </summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>A superuser connection string to the server's <c>postgres</c> database; starts the server on first call.</summary>
    public Task<string> GetAdminConnectionStringAsync() => _adminConnectionString.Value;

    /// <summary>Creates an empty database and returns an Npgsql connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var admin = new NpgsqlConnectionStringBuilder(await GetAdminConnectionStringAsync().ConfigureAwait(false));
        var name = $"{Sanitize(prefix ?? "test")}_{Guid.NewGuid():N}"; // at most 61 characters: PostgreSQL keeps 63
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        admin.Database = name;
        return admin.ConnectionString;
    }

    /// <summary>
    /// A server for benchmarks, where an acknowledged write must be on disk as in production: fsync, synchronous
    /// commit and full-page writes stay on (the tests' server turns them off for speed). <c>EXVENTURE_BENCH_POSTGRES</c>
    /// names an existing server instead. Stopped when the process exits.
    /// </summary>
    public static PostgresServer Durable()
    {
        var server = new PostgresServer(durable: true, BenchmarkConnectionStringVariable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server._cluster?.Stop();
        return server;
    }

    /// <summary>Stops a server this process started (a given server is left alone).</summary>
    public void Stop() => _cluster?.Stop();

    private static PostgresServer CreateShared()
    {
        var server = new PostgresServer(durable: false, ConnectionStringVariable);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server._cluster?.Stop();
        return server;
    }

    private async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(_variable) is { Length: > 0 } external)
        {
            return external;
        }

        _cluster = await LocalPostgresCluster.StartAsync(_durable).ConfigureAwait(false);
        return _cluster.AdminConnectionString;
    }

    private static string Sanitize(string prefix)
    {
        var cleaned = NotIdentifierCharacters().Replace(prefix.ToLowerInvariant(), "_").Trim('_');
        return cleaned.Length == 0 ? "test" : cleaned[..Math.Min(cleaned.Length, 28)];
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotIdentifierCharacters();
}
