using ExVenture.Server.Accounts;
using ExVenture.Server.Accounts.Api;
using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Tests.Accounts;

/// <summary>A real Kestrel server on a loopback port with only the accounts feature, over a migrated database.</summary>
public sealed class AccountsApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AccountsApiHost(WebApplication app, ServerSettings settings)
    {
        _app = app;
        Settings = settings;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public ServerSettings Settings { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="databaseUrl">DATABASE_URL for the server.</param>
    /// <param name="variables">More environment variables (e.g. CHARACTER_LIMIT).</param>
    public static async Task<AccountsApiHost> StartAsync(string databaseUrl, params (string Key, string Value)[] variables)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(
        [
            new("DATABASE_URL", databaseUrl),
            new("SECRET_KEY_BASE", "api-tests-secret-key-base-of-at-least-32-chars"),
            new("HOST", "localhost"),
            .. variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)),
        ]);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var settings = ServerSettings.Load(builder.Configuration, builder.Environment);
        builder.Services.AddExVentureAccounts(settings);
        builder.Services.AddSingleton(new ExVenture.Actors.Hosting.ClusterNodeOptions("127.0.0.1", 0, [], []));

        var app = builder.Build();
        app.MapAccountsApi();
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        await app.StartAsync();
        return new AccountsApiHost(app, settings);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
