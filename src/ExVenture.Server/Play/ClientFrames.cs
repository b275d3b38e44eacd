using System.Buffers;
using System.Text.Json;
using ExVenture.Domain.Protocol;

namespace ExVenture.Server.Play;

/// <summary>What one WebSocket message from a client meant.</summary>
public abstract record ClientFrame
{
    /// <summary><c>system/send {text, id?}</c>: a line the player typed; <paramref name="Id"/> comes back as <c>ref</c>.</summary>
    public sealed record Send(string Text, string? Id) : ClientFrame;

    public sealed record Ping : ClientFrame;

    /// <summary>Not a frame we accept: answered with <c>system/error {code, message}</c>; the socket stays open.</summary>
    public sealed record Invalid(string Code, string Message) : ClientFrame;
}

/// <summary>Reads client frames and writes server frames of the wire protocol (docs/protocol.md).</summary>
public static class ClientFrames
{
    /// <summary>The longest message a client may send (a command is at most 1,000 characters; this leaves room for JSON).</summary>
    public const int MaxFrameBytes = 16 * 1024;

    private const int MaxIdLength = 64;

    public static ClientFrame Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException)
        {
            return Malformed("The message is not valid JSON. Send {\"topic\": \"system/send\", \"data\": {\"text\": \"look\"}}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("topic", out var topic)
                || topic.ValueKind != JsonValueKind.String)
            {
                return Malformed("A message must be a JSON object with a string \"topic\".");
            }

            return topic.GetString() switch
            {
                Topics.Send => ParseSend(root),
                Topics.Ping => new ClientFrame.Ping(),
                var other => new ClientFrame.Invalid(ErrorCodes.UnknownTopic, $"Unknown topic '{Clip(other ?? string.Empty)}'. Clients send system/send and system/ping."),
            };
        }
    }

    /// <summary>Writes <c>{"topic": …, "data": …, "ref": …}</c>; the data is already JSON, written as it is.</summary>
    public static void Write(IBufferWriter<byte> buffer, Frame frame, string? commandRef)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("topic", frame.Topic);
        writer.WritePropertyName("data");
        writer.WriteRawValue(frame.Data, skipInputValidation: true);
        if (commandRef is not null)
        {
            writer.WriteString("ref", commandRef);
        }

        writer.WriteEndObject();
    }

    private static ClientFrame ParseSend(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            return Malformed("system/send needs data {\"text\": \"...\"}.");
        }

        string? id = null;
        if (data.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (idElement.ValueKind != JsonValueKind.String || idElement.GetString()!.Length > MaxIdLength)
            {
                return Malformed($"system/send's \"id\" must be a string of at most {MaxIdLength} characters.");
            }

            id = idElement.GetString();
        }

        return new ClientFrame.Send(text.GetString()!, id);
    }

    private static ClientFrame.Invalid Malformed(string message) => new(ErrorCodes.MalformedFrame, message);

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
