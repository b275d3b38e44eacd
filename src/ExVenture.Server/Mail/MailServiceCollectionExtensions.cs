using ExVenture.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExVenture.Server.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Registers outgoing mail: the <see cref="MailOutbox"/> features post to, the <see cref="DevelopmentMailbox"/>, the
    /// background sender that drains the outbox (SMTP per <see cref="ServerSettings.Smtp"/>), and <see cref="MailOptions"/>.
    /// Map the development pages with <see cref="DevelopmentMailboxEndpoints.MapDevelopmentMailbox"/>.
    /// </summary>
    public static IServiceCollection AddExVentureMail(this IServiceCollection services, ServerSettings settings, Action<MailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new MailOptions();
        configure?.Invoke(options);

        services.TryAddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<DevelopmentMailbox>();
        services.TryAddSingleton<MailOutbox>();
        services.AddHostedService<MailSender>();
        return services;
    }
}
