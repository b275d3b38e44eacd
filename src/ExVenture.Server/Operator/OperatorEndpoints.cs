using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;
using ExVenture.Actors.Operator;
using ExVenture.Operations;
using ExVenture.Server.Configuration;

namespace ExVenture.Server.Operator;

/// <summary>
/// The operator app's two routes (<see cref="OperatorProtocol"/>) behind a bearer-token check. Requests are parsed and
/// checked here (404 unknown command, 400 bad switches); the node's <see cref="OperatorActor"/> runs them, asked
/// with a timeout (504 when it does not answer).
/// </summary>
public static class OperatorEndpoints
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A leave hands the node's shards over before it answers; the host's shutdown timeout is 45 s.</summary>
    public static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(45);

    /// <summary>The operator app, built on an empty builder: nothing from the environment (ASPNETCORE_URLS, say)
    /// reaches it, and it listens on the operator endpoint alone.</summary>
    /// <param name="services">The node's own services: logging, the actor system.</param>
    /// <param name="stopping">Cancelled when the operator host stops, ending open streams.</param>
    public static WebApplication Build(ServerSettings settings, IServiceProvider services, CancellationToken stopping)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(OperatorEndpoints).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(settings.OperatorBind, settings.OperatorPort);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.AddSingleton(services.GetRequiredService<ILoggerFactory>());

        // The node's host owns the process: this app must not listen for SIGTERM or Ctrl+C itself.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();

        var app = builder.Build();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("ExVenture.Server.Operator");
        var handler = new CommandHandler(services, log, stopping);
        app.Use(async (http, next) =>
        {
            if (Authorized(http, settings.OperatorToken, log))
            {
                await next(http);
            }
            else
            {
                await Answer(http, HttpStatusCode.Unauthorized, CommandResponse.Failure("Missing or wrong operator token (Authorization: Bearer <token>)."));
            }
        });
        app.MapGet(OperatorProtocol.PalettesPath, http => http.Response.WriteAsJsonAsync(OperatorPalettes.All, OperatorProtocol.Json, http.RequestAborted));
        app.MapPost(OperatorProtocol.CommandsPath, handler.HandleAsync);
        return app;
    }

    private static bool Authorized(HttpContext http, string token, ILogger log)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        var presented = header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) ? header[Bearer.Length..].Trim() : null;
        if (token.Length > 0 && !string.IsNullOrEmpty(presented) && OperatorToken.Matches(presented, token))
        {
            return true;
        }

        log.LogWarning(
            "Refused an operator request from {RemoteAddress} to {Method} {Path}: {Problem}",
            http.Connection.RemoteIpAddress,
            http.Request.Method,
            http.Request.Path.Value,
            presented is null ? "no token" : "wrong token");
        return false;
    }

    internal static Task Answer(HttpContext http, HttpStatusCode status, CommandResponse response)
    {
        http.Response.StatusCode = (int)status;
        return http.Response.WriteAsJsonAsync(response, OperatorProtocol.Json, http.RequestAborted);
    }

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>POST /pbm/v1/commands.</summary>
    private sealed class CommandHandler(IServiceProvider services, ILogger log, CancellationToken stopping)
    {
        public async Task HandleAsync(HttpContext http)
        {
            CommandRequest? request;
            try
            {
                request = await http.Request.ReadFromJsonAsync<CommandRequest>(OperatorProtocol.Json, http.RequestAborted);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                await Answer(http, HttpStatusCode.BadRequest, CommandResponse.Failure($"The body is not a command request: {e.Message}"));
                return;
            }

            if (request is null || string.IsNullOrWhiteSpace(request.Palette) || string.IsNullOrWhiteSpace(request.Command))
            {
                await Answer(http, HttpStatusCode.BadRequest, CommandResponse.Failure("A command request needs a palette and a command."));
                return;
            }

            var (spec, arguments) = Resolve(request);
            if (spec is null)
            {
                await Answer(http, HttpStatusCode.NotFound, CommandResponse.Failure(
                    $"Unknown command '{request.Palette} {request.Command}'. Palettes: {string.Join(", ", OperatorPalettes.All.Select(p => p.Name))}."));
                return;
            }

            if (OperatorArguments.Parse(spec, arguments, out var problem) is not { } command)
            {
                await Answer(http, HttpStatusCode.BadRequest, CommandResponse.Failure(problem!));
                return;
            }

            try
            {
                // Waits while the node is still starting: the operator host opens before the actor system.
                var actor = await services.GetRequiredService<IActorRegistry>().GetAsync<OperatorActor>(http.RequestAborted);
                var system = services.GetRequiredService<ActorSystem>();
                if (spec.Info.Streams)
                {
                    await StreamAsync(http, actor, command);
                }
                else
                {
                    await RunAsync(http, system, actor, command);
                }
            }
            catch (AskTimeoutException)
            {
                await Answer(http, HttpStatusCode.GatewayTimeout, CommandResponse.Failure($"The node did not answer '{spec.Palette} {spec.Name}' in time."));
            }
        }

        /// <summary>The command, accepting <c>{"command": "world check"}</c> as well as <c>"world"</c> with <c>["check"]</c>.</summary>
        private static (CommandSpec? Spec, IReadOnlyList<string> Arguments) Resolve(CommandRequest request)
        {
            var arguments = request.Arguments ?? [];
            if (OperatorPalettes.Find(request.Palette, request.Command) is { } spec)
            {
                return (spec, arguments);
            }

            var words = request.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return words.Length > 1 && OperatorPalettes.Find(request.Palette, words[0]) is { } split
                ? (split, [.. words[1..], .. arguments])
                : (null, arguments);
        }

        private async Task RunAsync(HttpContext http, ActorSystem system, IActorRef actor, ParsedCommand command)
        {
            var leaving = command is { Palette: OperatorPalettes.Cluster, Name: "leave" };
            var asked = actor.Ask<CommandResponse>(new OperatorMessages.Run(command), leaving ? LeaveTimeout : CommandTimeout, http.RequestAborted);

            // A node that leaves answers once it has been removed; should the actor system finish stopping before
            // that answer gets here, the system's end says the same.
            var first = await Task.WhenAny(asked, system.WhenTerminated);
            CommandResponse response;
            if (first != asked && !asked.IsCompleted)
            {
                response = leaving
                    ? OperatorReplies.Ok("This node has left the cluster; the node is shutting down.")
                    : CommandResponse.Failure("The node is shutting down.");
            }
            else
            {
                response = await asked;
            }

            if (leaving && response.Ok)
            {
                log.LogWarning("An operator made this node leave the cluster: {Text}", response.Text);
            }

            await Answer(http, response.Ok ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, response);
        }

        /// <summary>NDJSON, one <see cref="StreamLine"/> per line, until the client hangs up or the node stops.</summary>
        private async Task StreamAsync(HttpContext http, IActorRef actor, ParsedCommand command)
        {
            var lines = Channel.CreateBounded<StreamLine>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
            var stream = await actor.Ask<IActorRef>(new OperatorMessages.StartStream(command, lines.Writer), CommandTimeout, http.RequestAborted);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            try
            {
                http.Response.StatusCode = (int)HttpStatusCode.OK;
                http.Response.ContentType = OperatorProtocol.StreamContentType;
                await http.Response.StartAsync(done.Token);
                await foreach (var line in lines.Reader.ReadAllAsync(done.Token))
                {
                    await JsonSerializer.SerializeAsync(http.Response.Body, line, OperatorProtocol.Json, done.Token);
                    await http.Response.Body.WriteAsync("\n"u8.ToArray(), done.Token);
                    await http.Response.Body.FlushAsync(done.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The client hung up, or the node is stopping.
            }
            finally
            {
                stream.Tell(PoisonPill.Instance);
            }
        }
    }
}
