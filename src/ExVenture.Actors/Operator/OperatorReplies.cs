using System.Text.Json;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>Builds <see cref="CommandResponse"/>s: the text people read and the same facts as JSON for <c>pbm --json</c>.</summary>
public static class OperatorReplies
{
    /// <summary>camelCase, like the rest of the operator protocol (the data records here are plain, so reflection is fine).</summary>
    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web);

    public static CommandResponse Ok(string text, object? data = null) => new(true, text, ToElement(data));

    /// <summary>The command ran and failed (422): <paramref name="error"/> says why.</summary>
    public static CommandResponse Failed(string error, string text = "", object? data = null) => new(false, text, ToElement(data), error);

    public static JsonElement? ToElement(object? data) =>
        data is null ? null : JsonSerializer.SerializeToElement(data, data.GetType(), DataJson);
}
