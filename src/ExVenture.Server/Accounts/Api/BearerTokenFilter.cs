using Microsoft.AspNetCore.Http;

namespace ExVenture.Server.Accounts.Api;

/// <summary>Lets a request through only with a valid <c>Authorization: Bearer</c> token, whose claims the handler reads with <see cref="GetTokenClaims"/>.</summary>
internal sealed class BearerTokenFilter(AccountAuthenticator authenticator) : IEndpointFilter
{
    private static readonly object ClaimsKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (authenticator.AuthenticateBearer(http.Request) is not { } claims)
        {
            return ApiResults.Unauthorized(http, "A valid token is required: sign in with POST /api/sessions and send Authorization: Bearer <token>.");
        }

        http.Items[ClaimsKey] = claims;
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The claims this filter checked; only valid inside endpoints it guards.</summary>
    public static TokenClaims GetTokenClaims(HttpContext context) =>
        context.Items[ClaimsKey] as TokenClaims
        ?? throw new InvalidOperationException($"{nameof(BearerTokenFilter)} does not guard this endpoint.");
}
