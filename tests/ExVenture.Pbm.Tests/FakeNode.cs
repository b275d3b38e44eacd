using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExVenture.Pbm.Tests;

/// <summary>
/// A tiny Kestrel on a free loopback port that serves the operator contract with canned answers: enough for the
/// client's own paths (one-shot, --json, 400/404/422/401, streams). Real nodes are the cluster tests' business.
/// <list type="bullet">
/// <item><c>cluster show</c>: 200, two members.</item>
/// <item><c>cluster down</c>: 400 without <c>-a</c>; 422 with it (no such member).</item>
/// <item><c>cluster tail [-n N]</c>: NDJSON "event 1".."event N"; without -n, three events and then open until the client hangs up.</item>
/// <item><c>game wall &lt;text...&gt;</c>: 200 echoing the arguments, one per line.</item>
/// <item><c>game slow</c>: never answers (timeouts).</item>
/// </list>
/// </summary>
public sealed class FakeNode : IAsyncDisposable
{
    public const string Token = "fake-node-token";

    public static readonly IReadOnlyList<PaletteInfo> PaletteList =
    [
        new("cluster", "Cluster membership", [
            new("show", "Lists the members", "cluster show", []),
            new("down", "Downs a member", "cluster down -a <address>", [new("a", "The member's address", Required: true)]),
            new("tail", "Follows membership events", "cluster tail [-n <count>]", [new("n", "Stop after n events", Required: false)], Streams: true),
        ]),
        new("game", "The game world", [
            new("wall", "Tells every player", "game wall <text>", []),
            new("slow", "Never answers", "game slow", []),
            new("who", "Who is online", "game who [-all]", [new("all", "Include idle players", Required: false, TakesValue: false)]),
        ]),
    ];

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _tailHungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeNode(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Completes when a client hangs up on an endless <c>cluster tail</c>.</summary>
    public Task TailHungUp => _tailHungUp.Task;

    public static async Task<FakeNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var node = new FakeNode(app);
        app.MapGet(OperatorProtocol.PalettesPath, (HttpContext context) => node.Authorized(context)
            ? Results.Json(PaletteList, OperatorProtocol.Json)
            : Unauthorized());
        app.MapPost(OperatorProtocol.CommandsPath, (Func<HttpContext, Task<IResult>>)node.CommandAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        node.Port = new Uri(address).Port;
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool Authorized(HttpContext context) =>
        OperatorToken.Matches(context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal), Token);

    private static IResult Unauthorized() => Answer(CommandResponse.Failure("missing or wrong operator token"), 401);

    private static IResult Answer(CommandResponse response, int status = 200) => Results.Json(response, OperatorProtocol.Json, statusCode: status);

    private async Task<IResult> CommandAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return Unauthorized();
        }

        var request = await JsonSerializer.DeserializeAsync<CommandRequest>(context.Request.Body, OperatorProtocol.Json, context.RequestAborted);
        var args = request!.Arguments;
        string? Switch(string name) => args.SkipWhile(a => a != "-" + name).Skip(1).FirstOrDefault();
        switch ($"{request.Palette} {request.Command}")
        {
            case "cluster show":
                return Answer(new CommandResponse(true, "akka.tcp://exventure@a:4053 Up\nakka.tcp://exventure@b:4053 Up",
                    JsonDocument.Parse("""{"members":2}""").RootElement.Clone()));
            case "cluster down":
                return Switch("a") is { } address
                    ? Answer(CommandResponse.Failure($"no member at {address}"), 422)
                    : Answer(CommandResponse.Failure("cluster down: -a <address> is required"), 400);
            case "cluster tail":
                await TailAsync(context, Switch("n") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : null);
                return Results.Empty;
            case "game wall":
                return Answer(new CommandResponse(true, string.Join('\n', args)));
            case "game slow":
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.Empty;
            default:
                return Answer(CommandResponse.Failure($"no command '{request.Palette} {request.Command}'"), 404);
        }
    }

    private async Task TailAsync(HttpContext context, int? count)
    {
        context.Response.ContentType = OperatorProtocol.StreamContentType;
        for (var i = 1; i <= (count ?? 3); i++)
        {
            var line = JsonSerializer.Serialize(new StreamLine($"event {i}", JsonDocument.Parse($$"""{"n":{{i}}}""").RootElement.Clone()), OperatorProtocol.Json);
            await context.Response.WriteAsync(line + "\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        if (count is null)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _tailHungUp.TrySetResult();
            }
        }
    }
}
