using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ExVenture.Server.Storage;

/// <summary>Small ADO.NET helpers that read the same on Npgsql and Microsoft.Data.Sqlite (both bind <c>@name</c> parameters).</summary>
public static class DbCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/> (in <paramref name="transaction"/>, if any) with named parameters.</summary>
    public static DbCommand CreateCommand(
        this DbConnection connection,
        string sql,
        DbTransaction? transaction,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(
        this DbConnection connection,
        string sql,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(
        this DbConnection connection,
        string sql,
        CancellationToken cancellationToken,
        DbTransaction? transaction = null,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// A transaction for read-then-write work. On SQLite it is <c>BEGIN IMMEDIATE</c>: the write lock is taken up front
    /// (waiting up to busy_timeout), so two writers never deadlock upgrading a read lock. On PostgreSQL, a plain transaction.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteTransactionAsync(this DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        return await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
    }
}
