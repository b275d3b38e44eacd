namespace ExVenture.Server.Configuration;

/// <summary>One environment variable that is missing or malformed.</summary>
public sealed record ConfigurationError(string Variable, string Problem)
{
    public override string ToString() => $"{Variable}: {Problem}";
}

/// <summary>
/// Thrown by <see cref="ServerSettings.Load"/> with every problem found, one per line, so an operator fixes them all in one go.
/// </summary>
public sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException(string environmentName, IReadOnlyList<ConfigurationError> errors)
        : base(Describe(environmentName, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string Describe(string environmentName, IEnumerable<ConfigurationError> errors) =>
        $"The server configuration is invalid (environment {environmentName}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));
}
