using System.Text;
using Akka.Actor;
using Akka.Serialization;
using ExVenture.Actors.Hosting;
using ExVenture.Actors.Persistence;
using ExVenture.TestSupport;
using Npgsql;
using NpgsqlTypes;

namespace ExVenture.Benchmarks.Journal;

/// <summary>One row of Akka.Persistence.Sql's <c>journal</c> table, as the plugin writes it for an untagged event.</summary>
/// <param name="Created">The plugin's timestamp: <see cref="DateTime.Ticks"/> of the write, UTC.</param>
/// <param name="WriterUuid">The id of the journal that wrote the row (one per journal plugin instance, so per node and
/// start, not per entity): a GUID in its "N" form.</param>
internal sealed record JournalRow(string PersistenceId, long SequenceNr, byte[] Message, string Manifest, int Identifier, string WriterUuid, long Created)
{
    /// <summary>A row for <paramref name="payload"/> serialized exactly as the plugin does: the serializer bound to its
    /// type (ours, <c>GameSerializer</c>), its id, and its string manifest.</summary>
    public static JournalRow For(ActorSystem system, string persistenceId, long sequenceNr, object payload, string writerUuid)
    {
        var serializer = system.Serialization.FindSerializerFor(payload);
        return new JournalRow(
            persistenceId,
            sequenceNr,
            serializer.ToBinary(payload),
            Serialization.ManifestFor(serializer, payload),
            serializer.Identifier,
            writerUuid,
            DateTime.UtcNow.Ticks);
    }
}

/// <summary>
/// Databases for the journal benchmarks, and raw writes into tables shaped like Akka.Persistence.Sql's journal.
/// Every database is fresh (<see cref="PostgresServer.Shared"/>: <c>EXVENTURE_TEST_POSTGRES</c>'s server, or a
/// throwaway one) and gets its journal, tags and snapshot tables from <see cref="JournalSchema"/>, which is what
/// the server's <c>migrate</c> command runs.
/// </summary>
internal static class JournalDatabase
{
    /// <summary>The columns the plugin fills; <c>ordering</c> is the table's identity. (With the default tag-write-mode
    /// the journal has no tags column: tags go to the tags table, and the game writes none.)</summary>
    private const string Columns = "deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid";

    /// <summary>Creates a fresh database with the game's journal schema and returns its connection string.</summary>
    public static async Task<string> CreateAsync(string prefix)
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync(prefix).ConfigureAwait(false);
        await JournalSchema.CreateAsync(new JournalOptions(JournalProvider.PostgreSql, connectionString, AutoInitialize: false), CancellationToken.None)
            .ConfigureAwait(false);
        return connectionString;
    }

    /// <summary>Creates <paramref name="table"/> as a copy of the plugin's journal table: columns, identity, defaults,
    /// primary key and indexes (<c>LIKE journal INCLUDING ALL</c>).</summary>
    public static async Task CreateJournalCopyAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"CREATE TABLE {table} (LIKE journal INCLUDING ALL)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>A multi-row, parameterised <c>INSERT</c> of <paramref name="rowCount"/> rows into <paramref name="table"/>:
    /// one statement, one round trip, one implicit transaction. Prepare once, then <see cref="Bind"/> each batch.</summary>
    public static NpgsqlCommand BatchInsert(NpgsqlConnection connection, string table, int rowCount)
    {
        var sql = new StringBuilder($"INSERT INTO {table} ({Columns}) VALUES ");
        var command = new NpgsqlCommand { Connection = connection };
        for (var row = 0; row < rowCount; row++)
        {
            var p = row * 8;
            sql.Append(row == 0 ? "" : ", ").Append($"(${p + 1}, ${p + 2}, ${p + 3}, ${p + 4}, ${p + 5}, ${p + 6}, ${p + 7}, ${p + 8})");
            command.Parameters.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Varchar });
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>Sets the parameters of a <see cref="BatchInsert"/> command to <paramref name="rows"/>.</summary>
    public static void Bind(NpgsqlCommand command, ReadOnlySpan<JournalRow> rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var p = i * 8;
            ((NpgsqlParameter<bool>)command.Parameters[p]).TypedValue = false;
            ((NpgsqlParameter<string>)command.Parameters[p + 1]).TypedValue = row.PersistenceId;
            ((NpgsqlParameter<long>)command.Parameters[p + 2]).TypedValue = row.SequenceNr;
            ((NpgsqlParameter<long>)command.Parameters[p + 3]).TypedValue = row.Created;
            ((NpgsqlParameter<byte[]>)command.Parameters[p + 4]).TypedValue = row.Message;
            ((NpgsqlParameter<int>)command.Parameters[p + 5]).TypedValue = row.Identifier;
            ((NpgsqlParameter<string>)command.Parameters[p + 6]).TypedValue = row.Manifest;
            ((NpgsqlParameter<string>)command.Parameters[p + 7]).TypedValue = row.WriterUuid;
        }
    }

    /// <summary>Loads rows into the plugin's journal table with binary <c>COPY</c>: the same row values the plugin
    /// would insert, at bulk-load speed (for seeding, not for measuring).</summary>
    public static async Task<long> CopyIntoJournalAsync(string connectionString, IEnumerable<JournalRow> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        ulong written;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY journal ({Columns}) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync().ConfigureAwait(false);
                await importer.WriteAsync(false, NpgsqlDbType.Boolean).ConfigureAwait(false);
                await importer.WriteAsync(row.PersistenceId, NpgsqlDbType.Varchar).ConfigureAwait(false);
                await importer.WriteAsync(row.SequenceNr, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await importer.WriteAsync(row.Created, NpgsqlDbType.Bigint).ConfigureAwait(false);
                await importer.WriteAsync(row.Message, NpgsqlDbType.Bytea).ConfigureAwait(false);
                await importer.WriteAsync(row.Identifier, NpgsqlDbType.Integer).ConfigureAwait(false);
                await importer.WriteAsync(row.Manifest, NpgsqlDbType.Varchar).ConfigureAwait(false);
                await importer.WriteAsync(row.WriterUuid, NpgsqlDbType.Varchar).ConfigureAwait(false);
            }

            written = await importer.CompleteAsync().ConfigureAwait(false);
        }

        // As in a journal that has been around for a while: statistics, visibility map and hint bits set, so that the
        // first reads do not pay for rewriting every page just loaded.
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) journal", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync().ConfigureAwait(false);
        return (long)written;
    }

    /// <summary>The highest <c>ordering</c> in the journal: it moves if anything at all was written.</summary>
    public static async Task<long> LastOrderingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT coalesce(max(ordering), 0) FROM journal", connection);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}
