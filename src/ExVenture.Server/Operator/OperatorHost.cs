using ExVenture.Server.Configuration;

namespace ExVenture.Server.Operator;

/// <summary>
/// The operator endpoint <c>pbm</c> talks to: a separate, small Kestrel app on OPERATOR_BIND:OPERATOR_PORT, so no
/// public route can reach it and none of its routes is on the public port. Registered before the actor system, it
/// opens first (requests wait for the operator actor) and closes last; if its port is taken it logs an error and the
/// node goes on serving players without it.
/// </summary>
public sealed class OperatorHost(ServerSettings settings, IServiceProvider services) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = services.GetRequiredService<ILoggerFactory>().CreateLogger("ExVenture.Server.Operator");
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.OperatorPort == 0)
        {
            _log.LogInformation("The operator host is off (OPERATOR_PORT=0)");
            return;
        }

        var app = OperatorEndpoints.Build(settings, services, _stopping.Token);
        try
        {
            await app.StartAsync(cancellationToken);
            _app = app;
            _log.LogInformation("Operator host listening on {Bind}:{Port}", settings.OperatorBind, settings.OperatorPort);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "The operator host cannot listen on {Bind}:{Port} ({Problem}); the node serves players without it", settings.OperatorBind, settings.OperatorPort, e.Message);
            await app.DisposeAsync();
        }
    }

    /// <summary>Last of the services: streams end, and Kestrel waits for answers still being written (a leave's).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }
}
