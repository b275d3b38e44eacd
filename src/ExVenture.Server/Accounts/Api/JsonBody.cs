using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ExVenture.Server.Accounts.Api;

/// <summary>A request body read as JSON: either the value or the error answer to give instead.</summary>
internal readonly record struct JsonBody<T>(T? Value, IResult? Problem)
    where T : class;

internal static class JsonBody
{
    /// <summary>
    /// Reads the body as <typeparamref name="T"/>. A wrong content type answers 415; malformed JSON, a body of the wrong
    /// shape or an empty one answer 400 with a message saying what is wrong, never a 500.
    /// </summary>
    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return new(null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "Send the body as JSON, with Content-Type: application/json."));
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false) is { } value
                ? new(value, null)
                : new(null, ApiResults.Error(StatusCodes.Status400BadRequest, "The request body must be a JSON object, not null."));
        }
        catch (JsonException ex)
        {
            return new(null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON for this request: {ex.Message}"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or DecoderFallbackException)
        {
            // Text that is not UTF-8, or a charset the server does not know.
            return new(null, ApiResults.Error(StatusCodes.Status400BadRequest, $"The request body could not be read as UTF-8 JSON: {ex.Message}"));
        }
    }
}
