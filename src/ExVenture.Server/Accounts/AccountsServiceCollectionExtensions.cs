using ExVenture.Server.Configuration;
using ExVenture.Server.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExVenture.Server.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the accounts feature and the storage it needs (<see cref="StorageServiceCollectionExtensions.AddExVentureStorage"/>):
    /// <see cref="AccountStore"/>, <see cref="AccountService"/>, <see cref="TokenService"/>, <see cref="AccountAuthenticator"/>,
    /// ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> behind a <see cref="PasswordGate"/>, and <see cref="AccountsOptions"/>. Map the endpoints with
    /// <see cref="Api.AccountsApi.MapAccountsApi"/>.
    /// </summary>
    public static IServiceCollection AddExVentureAccounts(this IServiceCollection services, ServerSettings settings, Action<AccountsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new AccountsOptions { CharacterLimit = settings.CharacterLimit };
        configure?.Invoke(options);

        services.TryAddSingleton(settings);
        services.AddExVentureStorage(settings.Database);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.TryAddSingleton(new PasswordGate(PasswordGate.DefaultConcurrency, PasswordGate.DefaultQueueLimit));
        services.TryAddSingleton(provider => new TokenService(settings.SecretKeyBase, provider.GetRequiredService<TimeProvider>(), options.TokenLifetime));
        services.TryAddSingleton<SignInThrottle>();
        services.TryAddSingleton<AccountStore>();
        services.TryAddSingleton<ExVenture.Actors.Characters.ICharacterHomes, CharacterHomeDirectory>();
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<AccountAuthenticator>();
        return services;
    }
}
