namespace ExVenture.TestSupport.Game;

/// <summary>The environment variables of a production node, as a deployment sets them, on a database migrated the
/// way a release command does it (<c>ExVenture.Server.dll migrate</c>). Tests, clusters and benchmarks start their
/// servers from this.</summary>
public static class ProductionEnvironment
{
    /// <summary>Migrates <paramref name="database"/> and returns the variables, <paramref name="extra"/> added last
    /// (a null value removes a variable).</summary>
    /// <exception cref="InvalidOperationException">migrate failed; the message has its output.</exception>
    public static async Task<Dictionary<string, string?>> MigratedAsync(
        string database, string secretKeyBase, string workingDirectory, string logLevel, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = database,
            ["SECRET_KEY_BASE"] = secretKeyBase,
            ["HOST"] = "localhost",
            ["LOG_LEVEL"] = logLevel,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            variables[key] = value;
        }

        var (code, output) = await ServerProcess.RunToExitAsync(["migrate"], variables, workingDirectory).ConfigureAwait(false);
        return code == 0 ? variables : throw new InvalidOperationException($"migrate failed with exit code {code}:\n{output}");
    }
}
