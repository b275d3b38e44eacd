using System.Text;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ExVenture.Actors.Characters;
using ExVenture.Actors.Presence;
using ExVenture.Actors.Serialization;
using ExVenture.Actors.Sessions;
using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.Rooms;
using ExVenture.Domain.World;
using ExVenture.TestSupport;

namespace ExVenture.Actors.Tests.Serialization;

public sealed class GameSerializerTests() : TestKit(GameConfig.Hocon())
{
    private static readonly string GoldenDirectory = Path.Combine(RepositoryPaths.Root, "tests", "ExVenture.Actors.Tests", "Serialization", "golden");

    public static TheoryData<string> PersistedManifests => new(Manifests.Persisted.Values);

    [Theory]
    [MemberData(nameof(PersistedManifests))]
    public void Every_persisted_manifest_has_a_sample_and_a_golden_file(string manifest)
    {
        Assert.True(Samples.Persisted.ContainsKey(manifest), $"Add a sample for '{manifest}' to Samples.Persisted.");
        Assert.True(
            File.Exists(GoldenPath(manifest)),
            $"No golden file for '{manifest}'. Review this JSON and commit it as {GoldenPath(manifest)}:\n{Json(GameSerializer(), Samples.Persisted[manifest])}");
    }

    [Theory]
    [MemberData(nameof(PersistedManifests))]
    public void Golden_samples_still_deserialize_to_the_same_values(string manifest)
    {
        var serializer = GameSerializer();
        var golden = File.ReadAllBytes(GoldenPath(manifest));

        var restored = serializer.FromBinary(golden, manifest);

        Assert.Equal(Samples.Persisted[manifest].GetType(), restored.GetType());
        Assert.Equal(Json(serializer, Samples.Persisted[manifest]), Json(serializer, restored));
    }

    [Fact]
    public void Every_persisted_type_and_message_is_bound_to_the_game_serializer()
    {
        var serialization = ((ExtendedActorSystem)Sys).Serialization;
        foreach (var type in Manifests.Persisted.Keys.Concat(Manifests.Wire.Keys))
        {
            Assert.True(serialization.FindSerializerForType(type) is GameSerializer, $"{type.Name} is not bound to GameSerializer in hocon/serialization.hocon.");
        }
    }

    [Fact]
    public void Every_event_and_entity_message_type_has_a_manifest()
    {
        var types = typeof(IWireMessage).Assembly.GetTypes()
            .Concat(typeof(ExVenture.Domain.IEntityMessage).Assembly.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Where(t => typeof(ExVenture.Domain.IEntityMessage).IsAssignableFrom(t)
                || typeof(ICharacterEvent).IsAssignableFrom(t)
                || typeof(IRoomEvent).IsAssignableFrom(t)
                || typeof(IWireMessage).IsAssignableFrom(t));
        foreach (var type in types)
        {
            Assert.True(Manifests.Persisted.ContainsKey(type) || Manifests.Wire.ContainsKey(type), $"{type.FullName} has no manifest.");
        }
    }

    [Fact]
    public void Manifests_are_unique()
    {
        var all = Manifests.Persisted.Values.Concat(Manifests.Wire.Values).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Wire_messages_round_trip_including_actor_references()
    {
        var serializer = GameSerializer();
        var probe = CreateTestProbe();
        var frames = new[] { Frames.Say("Ada", "hello"), Frames.Display("Ada says, \"hello\"") };
        object[] messages =
        [
            new SessionMessages.Attach("ada", "Ada", "s1", probe.Ref),
            new SessionMessages.Output(frames, "c7"),
            new SessionMessages.Input("ada", "s1", "look", "c6", new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)),
            new CharacterMessages.Deliver("ada", frames, null, "harbor.quay"),
            new CharacterMessages.GiveItem("ada", "t1", new ItemInstance("harbor.quay/lantern/1", "lantern"), "harbor.quay", "c8"),
            new RoomRequests.Enter("harbor.quay", "ada", "Ada", Direction.South, "c9"),
            new PresenceMessages.Online("ada", "Ada", probe.Ref),
            new PresenceMessages.OnlineList(["Ada", "Bo"], "c10"),
        ];

        foreach (var message in messages)
        {
            var restored = serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
            Assert.Equal(Json(serializer, message), Json(serializer, restored));
        }

        var attach = (SessionMessages.Attach)serializer.FromBinary(serializer.ToBinary(messages[0]), "ss.attach");
        Assert.Equal(probe.Ref, attach.Session);
    }

    [Fact]
    public void Character_deletion_messages_have_their_own_manifests_and_round_trip()
    {
        var serializer = GameSerializer();
        var messages = new (object Message, string Manifest)[]
        {
            (new CharacterDeletion.DeleteCharacter("ada"), "cd.delete"),
            (new CharacterDeletion.CharacterDeleted("ada"), "cd.deleted"),
            (new CharacterDeletion.CharacterDeletionFailed("ada", "An item is still on its way to or from Ada; try again in a moment."), "cd.failed"),
        };

        foreach (var (message, manifest) in messages)
        {
            Assert.Equal(manifest, serializer.Manifest(message));
            Assert.IsType<GameSerializer>(((ExtendedActorSystem)Sys).Serialization.FindSerializerFor(message));
            Assert.Equal(message, serializer.FromBinary(serializer.ToBinary(message), manifest));
        }

        Assert.Equal("""{"reason":"no","characterId":"ada"}""", Json(serializer, new CharacterDeletion.CharacterDeletionFailed("ada", "no")));
    }

    [Fact]
    public void Presence_messages_for_operators_and_the_general_channel_have_their_own_manifests_and_round_trip()
    {
        var serializer = GameSerializer();
        const string Node = "akka.tcp://exventure@10.0.0.5:4053";
        var messages = new (object Message, string Manifest)[]
        {
            (PresenceMessages.ListSessions.Instance, "pr.list-sessions"),
            (new PresenceMessages.SessionList(Node, "ams", ["Alys", "Tamsin"]), "pr.session-list"),
            (new PresenceMessages.Kick("Tamsin", "An operator has disconnected you."), "pr.kick"),
            (new PresenceMessages.KickDone(Node, 1), "pr.kick-done"),
            (new PresenceMessages.Wall("The bell rings at noon."), "pr.wall"),
            (new PresenceMessages.WallDone(Node, 2), "pr.wall-done"),
            (new PresenceMessages.SpeakOnGeneral("Alys", "Anyone at the dam?"), "pr.general-speak"),
            (new PresenceMessages.GeneralLine("Alys", "Anyone at the dam?"), "pr.general-line"),
        };

        foreach (var (message, manifest) in messages)
        {
            Assert.Equal(manifest, serializer.Manifest(message));
            Assert.IsType<GameSerializer>(((ExtendedActorSystem)Sys).Serialization.FindSerializerFor(message));
            var restored = serializer.FromBinary(serializer.ToBinary(message), manifest);
            Assert.Equal(message.GetType(), restored.GetType());
            Assert.Equal(Json(serializer, message), Json(serializer, restored));
        }

        Assert.Equal("""{"node":"akka.tcp://exventure@10.0.0.5:4053","region":"ams","names":["Alys"]}""",
            Json(serializer, new PresenceMessages.SessionList(Node, "ams", ["Alys"])));
        var ended = new SessionMessages.Ended(ErrorCodes.Kicked, "An operator has disconnected you.");
        Assert.Equal(ended, serializer.FromBinary(serializer.ToBinary(ended), "ss.ended"));
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => GameSerializer().FromBinary("{}"u8.ToArray(), "ch.from-the-future"));
        Assert.Contains("ch.from-the-future", error.Message);
    }

    private static string GoldenPath(string manifest) => Path.Combine(GoldenDirectory, manifest + ".json");

    private GameSerializer GameSerializer() => new((ExtendedActorSystem)Sys);

    private static string Json(GameSerializer serializer, object value) => Encoding.UTF8.GetString(serializer.ToBinary(value));
}
