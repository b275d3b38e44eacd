using Akka.Persistence;
using Akka.TestKit;

namespace ExVenture.Actors.Tests.Entities;

/// <summary>Reads a journal the way a recovery would, straight from the plugin, for tests that check what is stored.</summary>
public static class JournalReplay
{
    /// <summary>The events still in <paramref name="journalPluginId"/>'s journal (empty: the default one) for
    /// <paramref name="persistenceId"/> from <paramref name="from"/> on, and the highest sequence number it reports.</summary>
    public static async Task<(List<IPersistentRepresentation> Events, long Highest)> ReplayAsync(
        this TestKitBase kit, string? journalPluginId, string persistenceId, long from = 0)
    {
        var reader = kit.CreateTestProbe();
        Akka.Persistence.Persistence.Instance.Apply(kit.Sys).JournalFor(journalPluginId)
            .Tell(new ReplayMessages(from, long.MaxValue, long.MaxValue, persistenceId, reader.Ref), reader.Ref);
        var events = new List<IPersistentRepresentation>();
        while (true)
        {
            switch (await reader.ReceiveOneAsync(TimeSpan.FromSeconds(30)))
            {
                case ReplayedMessage replayed:
                    events.Add(replayed.Persistent);
                    break;
                case RecoverySuccess done:
                    return (events, done.HighestSequenceNr);
                case var other:
                    throw new Xunit.Sdk.XunitException($"Unexpected answer to a replay: {other}");
            }
        }
    }
}
