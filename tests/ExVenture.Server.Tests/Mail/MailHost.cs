using ExVenture.Server.Configuration;
using ExVenture.Server.Mail;
using ExVenture.Server.Tests.Configuration;
using ExVenture.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Tests.Mail;

/// <summary>A generic host with only the mail feature, its settings read from variables as the server reads them.</summary>
public sealed class MailHost : IAsyncDisposable
{
    public const string Secret = "mail-tests-secret-key-base-of-at-least-32-chars";

    private readonly IHost _host;
    private readonly TempDirectory _contentRoot;
    private int _disposed;

    private MailHost(IHost host, TempDirectory contentRoot, ServerSettings settings, LogCapture logs)
    {
        _host = host;
        _contentRoot = contentRoot;
        Settings = settings;
        Logs = logs;
    }

    public ServerSettings Settings { get; }

    public LogCapture Logs { get; }

    public MailOutbox Outbox => _host.Services.GetRequiredService<MailOutbox>();

    public DevelopmentMailbox Mailbox => _host.Services.GetRequiredService<DevelopmentMailbox>();

    /// <param name="environment">Development or Production.</param>
    /// <param name="variables">SMTP_URL, MAIL_FROM, ... (DATABASE_URL, SECRET_KEY_BASE and HOST are given).</param>
    public static async Task<MailHost> StartAsync(string environment, Action<MailOptions>? configure, params (string Key, string Value)[] variables)
    {
        var contentRoot = new TempDirectory("exventure-mail");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
            [
                new("DATABASE_URL", "sqlite:unused.db"),
                new("SECRET_KEY_BASE", Secret),
                new("HOST", "mud.example.test"),
                .. variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)),
            ])
            .Build();
        var settings = ServerSettings.Load(configuration, new TestHostEnvironment(environment, contentRoot.Path));

        var logs = new LogCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddExVentureMail(settings, configure);
        var host = builder.Build();
        await host.StartAsync();
        return new MailHost(host, contentRoot, settings, logs);
    }

    /// <summary>Stops the host (the sender first gives up what it holds); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _host.StopAsync();
        _host.Dispose();
        _contentRoot.Dispose();
    }
}
