using ExVenture.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExVenture.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DbConnectionFactory"/> (one per process, disposed with the container) and <see cref="SchemaMigrator"/>.
    /// To migrate more tables under the same lock, register <see cref="SchemaComponent"/> singletons: the migrator runs them after "app".
    /// </summary>
    public static IServiceCollection AddExVentureStorage(this IServiceCollection services, DatabaseSettings database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.TryAddSingleton(_ => new DbConnectionFactory(database));
        services.TryAddSingleton(provider => new SchemaMigrator(
            provider.GetRequiredService<DbConnectionFactory>(),
            provider.GetServices<SchemaComponent>(),
            provider.GetService<ILogger<SchemaMigrator>>()));
        return services;
    }
}
