using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ExVenture.Server.Accounts.Api;

/// <summary>The API's error answers: <c>{"error": "..."}</c> with a status, or a validation problem listing fields.</summary>
internal static class ApiResults
{
    public static IResult Error(int statusCode, string message) => TypedResults.Json(new ErrorResponse(message), statusCode: statusCode);

    public static IResult Unauthorized(HttpContext context, string message)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, message);
    }

    /// <summary>A 400 validation problem (<c>{"errors": {field: [messages]}}</c>) for the fields that have a problem, or null when none do.</summary>
    public static IResult? ValidationProblem(params ReadOnlySpan<(string Field, string? Problem)> checks)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, problem) in checks)
        {
            if (problem is not null)
            {
                errors[field] = [problem];
            }
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
