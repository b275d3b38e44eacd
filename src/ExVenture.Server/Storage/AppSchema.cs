namespace ExVenture.Server.Storage;

/// <summary>
/// The server's own tables, component "app". Append steps here; never change a shipped one.
/// <c>*_key</c> columns hold the lower-invariant form, so uniqueness is case-insensitive on both providers.
/// </summary>
public static class AppSchema
{
    public const string ComponentName = "app";

    public static SchemaComponent Component { get; } = new(ComponentName,
    [
        SchemaStep.Sql(1, "accounts and characters",
            postgreSql: """
                CREATE TABLE accounts (
                    id text PRIMARY KEY,
                    username text NOT NULL,
                    username_key text NOT NULL UNIQUE,
                    email text NOT NULL,
                    password_hash text NOT NULL,
                    created_at timestamptz NOT NULL
                );
                CREATE TABLE characters (
                    id text PRIMARY KEY,
                    account_id text NOT NULL REFERENCES accounts (id),
                    name text NOT NULL,
                    name_key text NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL
                );
                CREATE INDEX characters_account_id_idx ON characters (account_id);
                """,
            sqlite: """
                CREATE TABLE accounts (
                    id text PRIMARY KEY,
                    username text NOT NULL,
                    username_key text NOT NULL UNIQUE,
                    email text NOT NULL,
                    password_hash text NOT NULL,
                    created_at text NOT NULL
                );
                CREATE TABLE characters (
                    id text PRIMARY KEY,
                    account_id text NOT NULL REFERENCES accounts (id),
                    name text NOT NULL,
                    name_key text NOT NULL UNIQUE,
                    created_at text NOT NULL
                );
                CREATE INDEX characters_account_id_idx ON characters (account_id);
                """),
        SchemaStep.Sql(2, "email verification and security stamps",
            postgreSql: """
                ALTER TABLE accounts ADD COLUMN email_verified_at timestamptz NULL;
                ALTER TABLE accounts ADD COLUMN security_stamp text NOT NULL DEFAULT '';
                CREATE INDEX accounts_email_key_idx ON accounts (lower(email));
                """,
            sqlite: """
                ALTER TABLE accounts ADD COLUMN email_verified_at text NULL;
                ALTER TABLE accounts ADD COLUMN security_stamp text NOT NULL DEFAULT '';
                CREATE INDEX accounts_email_key_idx ON accounts (lower(email));
                """),
        SchemaStep.Sql(3, "characters' home regions",
            postgreSql: "ALTER TABLE characters ADD COLUMN home_region text NULL;",
            sqlite: "ALTER TABLE characters ADD COLUMN home_region text NULL;"),
    ]);
}
