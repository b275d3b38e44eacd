using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ExVenture.Server.Configuration;

/// <summary>Reads environment variables through <see cref="IConfiguration"/>, collecting every problem instead of stopping at the first.</summary>
internal sealed class VariableReader(IConfiguration configuration)
{
    private readonly List<ConfigurationError> _errors = [];

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    public void Fail(string variable, string problem) => _errors.Add(new ConfigurationError(variable, problem));

    /// <summary>The names of the set variables that start with <paramref name="prefix"/> (case-insensitively, like
    /// <see cref="IConfiguration"/>), in ordinal order.</summary>
    public IReadOnlyList<string> NamesStartingWith(string prefix) =>
        configuration.GetChildren()
            .Select(section => section.Key)
            .Where(key => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Optional(string variable) =>
        configuration[variable] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The value, or null after recording <paramref name="problem"/> when it is unset or blank.</summary>
    public string? Required(string variable, string problem)
    {
        var value = Optional(variable);
        if (value is null)
        {
            Fail(variable, problem);
        }

        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when unset or malformed.</summary>
    public int Integer(string variable, int min, int max, int fallback)
    {
        if (Optional(variable) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail(variable, $"must be a whole number from {min} to {max} (got '{text}')");
        return fallback;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive, returned as spelled there), or <paramref name="fallback"/>.</summary>
    public string OneOf(string variable, IReadOnlyList<string> choices, string fallback)
    {
        if (Optional(variable) is not { } text)
        {
            return fallback;
        }

        if (choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } choice)
        {
            return choice;
        }

        Fail(variable, $"must be one of {string.Join(", ", choices)} (got '{text}')");
        return fallback;
    }
}
