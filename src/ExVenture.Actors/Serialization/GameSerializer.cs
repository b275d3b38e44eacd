using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ExVenture.Actors.Serialization;

/// <summary>
/// The game's own serializer for everything it persists or sends between nodes: System.Text.Json payloads named by
/// short, explicit manifests (<see cref="Manifests"/>). Bound in hocon/serialization.hocon. Akka's Newtonsoft
/// default never sees a game type, so the journal's schema is ours.
/// </summary>
public sealed class GameSerializer : SerializerWithStringManifest
{
    public const int Id = 4747;

    private static readonly FrozenDictionary<Type, string> ManifestByType =
        Manifests.Persisted.Concat(Manifests.Wire).ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypeByManifest =
        ManifestByType.ToFrozenDictionary(p => p.Value, p => p.Key);

    private readonly JsonSerializerOptions _options;

    public GameSerializer(ExtendedActorSystem system)
        : base(system)
    {
        _options = CreateOptions(system);
    }

    public override int Identifier => Id;

    public static JsonSerializerOptions CreateOptions(ExtendedActorSystem system) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        IgnoreReadOnlyProperties = true,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new ActorRefConverter(system),
        },
    };

    public override string Manifest(object o) =>
        ManifestByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no manifest in {nameof(Manifests)}.");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        TypeByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, _options) ?? throw new SerializationException($"Null payload for manifest '{manifest}'.")
            : throw new SerializationException($"Unknown manifest '{manifest}': was this written by a newer version?");

    /// <summary>Actor references travel as their full path and resolve on the receiving node.</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override bool CanConvert(Type typeToConvert) => typeof(IActorRef).IsAssignableFrom(typeToConvert);

        public override IActorRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var path = reader.GetString();
            return path is null ? null : system.Provider.ResolveActorRef(path);
        }

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }
}
