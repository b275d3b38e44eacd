using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ExVenture.Server.Accounts.Api;

/// <summary>
/// The accounts HTTP API:
/// <c>POST /api/accounts</c>, <c>POST /api/sessions</c>, and with a bearer token <c>GET|POST /api/characters</c>.
/// </summary>
public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapPost("/accounts", RegisterAsync).AddEndpointFilter(RefuseWhenPasswordGateIsFull);
        api.MapPost("/sessions", SignInAsync).AddEndpointFilter(RefuseWhenPasswordGateIsFull);

        var characters = api.MapGroup("/characters").AddEndpointFilter<BearerTokenFilter>();
        characters.MapGet("", ListCharactersAsync);
        characters.MapPost("", CreateCharacterAsync);
        return api;
    }

    /// <summary>503 with Retry-After when more sign-ins are waiting to hash than the <see cref="PasswordGate"/> queues.</summary>
    private static async ValueTask<object?> RefuseWhenPasswordGateIsFull(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (PasswordGateFullException)
        {
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "Too many sign-ins at once; try again in a few seconds.");
        }
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RegisterRequest>(request, cancellationToken);
        if (body.Value is not { } input)
        {
            return body.Problem!;
        }

        var invalid = ApiResults.ValidationProblem(
            ("username", AccountRules.UsernameProblem(input.Username)),
            ("email", AccountRules.EmailProblem(input.Email)),
            ("password", AccountRules.PasswordProblem(input.Password)));
        if (invalid is not null)
        {
            return invalid;
        }

        return await accounts.RegisterAsync(input.Username!, input.Email!, input.Password!, cancellationToken) switch
        {
            CreateAccountResult.Created(var account) =>
                TypedResults.Created((string?)null, new AccountResponse(account.Id, account.Username, account.Email)),
            CreateAccountResult.UsernameTaken =>
                ApiResults.Error(StatusCodes.Status409Conflict, $"The username '{input.Username}' is already taken."),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }

    private static async Task<IResult> SignInAsync(HttpRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(request, cancellationToken);
        if (body.Value is not { } input)
        {
            return body.Problem!;
        }

        var result = input is { Username: { } username, Password: { } password }
            ? await accounts.SignInAsync(username, password, request.HttpContext.Connection.RemoteIpAddress, cancellationToken)
            : new SignInOutcome.Failed();
        switch (result)
        {
            case SignInOutcome.Succeeded(var account):
                var token = accounts.IssueToken(account);
                return TypedResults.Ok(new SessionResponse(token.Token, token.ExpiresAt));
            case SignInOutcome.Throttled throttled:
                request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttled.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ApiResults.Error(StatusCodes.Status429TooManyRequests, $"Too many failed sign-ins; try again in {throttled.Minutes} minute(s).");
            default:
                return ApiResults.Unauthorized(request.HttpContext, "Invalid username or password.");
        }
    }

    private static async Task<IResult> ListCharactersAsync(HttpContext context, AccountStore store, CancellationToken cancellationToken)
    {
        var claims = BearerTokenFilter.GetTokenClaims(context);
        var characters = await store.ListCharactersAsync(claims.AccountId, cancellationToken);
        return TypedResults.Ok(characters.Select(CharacterResponse.From).ToList());
    }

    private static async Task<IResult> CreateCharacterAsync(HttpContext context, AccountStore store, AccountsOptions options, ExVenture.Actors.Hosting.ClusterNodeOptions node, CancellationToken cancellationToken)
    {
        var claims = BearerTokenFilter.GetTokenClaims(context);
        var body = await JsonBody.ReadAsync<CreateCharacterRequest>(context.Request, cancellationToken);
        if (body.Value is not { } input)
        {
            return body.Problem!;
        }

        if (ApiResults.ValidationProblem(("name", AccountRules.CharacterNameProblem(input.Name))) is { } invalid)
        {
            return invalid;
        }

        var name = AccountRules.NormalizeCharacterName(input.Name!);
        return await store.CreateCharacterAsync(claims.AccountId, name, options.CharacterLimit, Hosting.FlyReplay.OriginRegion(context.Request, node), cancellationToken) switch
        {
            CreateCharacterResult.Created(var character) =>
                TypedResults.Created((string?)null, CharacterResponse.From(character)),
            CreateCharacterResult.NameTaken =>
                ApiResults.Error(StatusCodes.Status409Conflict, $"The name '{name}' is already taken."),
            CreateCharacterResult.LimitReached(var limit) =>
                ApiResults.Error(StatusCodes.Status409Conflict, $"Character limit reached: an account may have at most {limit} characters."),
            CreateCharacterResult.AccountMissing =>
                ApiResults.Unauthorized(context, "The account for this token no longer exists."),
            var other => throw new InvalidOperationException($"Unexpected result {other}."),
        };
    }
}
