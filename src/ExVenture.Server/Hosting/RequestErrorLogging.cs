namespace ExVenture.Server.Hosting;

/// <summary>Logs every unhandled error in a request with its method, path and cause, and answers without details:
/// 503 when the database is unreachable (the request may be retried), 500 otherwise.</summary>
public sealed class RequestErrorLogging(RequestDelegate next, ILogger<RequestErrorLogging> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "Unhandled error in {Method} {Path}: {Cause}", http.Request.Method, http.Request.Path, e.Message);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                var answer = e is System.Data.Common.DbException or TimeoutException
                    ? Results.Problem("The database is not answering; try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Problem("Something went wrong on our side; it has been logged.", statusCode: StatusCodes.Status500InternalServerError);
                await answer.ExecuteAsync(http);
            }
        }
    }
}
