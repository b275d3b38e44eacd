using System.Diagnostics;
using System.Net;
using ExVenture.TestSupport;
using Npgsql;

namespace ExVenture.Server.Tests.Storage;

/// <summary>The tests' PostgreSQL behind a <see cref="TcpProxy"/> with a one-way delay: a database in another region,
/// as multi-region tests and benchmarks use it. Only lower bounds on time are asserted.</summary>
public sealed class DelayedDatabaseTests
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task A_query_through_a_delayed_proxy_takes_at_least_a_round_trip_and_fails_once_cut()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.Shared.CreateDatabaseAsync("delayed"));
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, database.Port), OneWay);
        database.Host = "127.0.0.1";
        database.Port = proxy.Port;
        database.Pooling = false;
        database.Timeout = 30;
        database.CommandTimeout = 30;

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("select 1", connection);

        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal(1, await select.ExecuteScalarAsync());
            watch.Stop();

            // The query waits out the delay on its way to the server, the result on its way back.
            Assert.True(watch.Elapsed >= 2 * OneWay, $"select {i} took {watch.Elapsed.TotalMilliseconds} ms, less than {2 * OneWay.TotalMilliseconds} ms");
        }

        proxy.Cut();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => select.ExecuteScalarAsync());
    }
}
