using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ExVenture.Server.Storage;

/// <summary>Recognizes constraint violations on either provider, so races are settled by the database's constraints.</summary>
public static class DbErrors
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;

    public static bool IsUniqueViolation(this DbException exception) => exception switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException lite => lite.SqliteErrorCode == SqliteConstraint
            && lite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        _ => false,
    };

    public static bool IsForeignKeyViolation(this DbException exception) => exception switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException lite => lite.SqliteErrorCode == SqliteConstraint && lite.SqliteExtendedErrorCode == SqliteConstraintForeignKey,
        _ => false,
    };
}
