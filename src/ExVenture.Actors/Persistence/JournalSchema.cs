using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using ExVenture.Actors.Hosting;

namespace ExVenture.Actors.Persistence;

/// <summary>
/// Creates the journal, tags and snapshot tables exactly as Akka.Persistence.Sql defines them, by letting the plugin
/// initialize itself once in a short-lived actor system (so our DDL can never drift from the plugin's).
/// Used by the server's <c>migrate</c> command; nodes in production then run with auto-initialize off.
/// </summary>
public static class JournalSchema
{
    public static async Task CreateAsync(JournalOptions journal, CancellationToken cancellationToken)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = WARNING
            akka.persistence {
              journal.plugin = "akka.persistence.journal.sql"
              journal.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = on }
              snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
              snapshot-store.sql { connection-string = {{Quote(journal.ConnectionString)}}, provider-name = "{{journal.ProviderName}}", auto-initialize = on }
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);

        using var system = ActorSystem.Create("exventure-migrate", config);
        try
        {
            var probe = system.ActorOf(Props.Create(() => new SchemaProbe()));
            await probe.Ask<RecoveryCompleted>(SchemaProbe.Ready.Instance, TimeSpan.FromSeconds(60), cancellationToken);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Recovering reads the snapshot store and the journal, which makes both plugins create their tables first.</summary>
    private sealed class SchemaProbe : ReceivePersistentActor
    {
        public SchemaProbe()
        {
            Recover<RecoveryCompleted>(_ => { });
            Command<Ready>(_ => Sender.Tell(RecoveryCompleted.Instance));
        }

        public override string PersistenceId => "exventure-schema-probe";

        public sealed class Ready
        {
            public static Ready Instance { get; } = new();
        }
    }
}
