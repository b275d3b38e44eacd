using System.Security.Cryptography;

namespace ExVenture.Server.Configuration;

/// <summary>
/// The development SECRET_KEY_BASE: 64 random bytes generated once and kept in <c>&lt;DATA_DIR&gt;/dev-secret</c>,
/// so tokens survive restarts of <c>dotnet run</c>. Safe when two processes start at once: the file is written
/// aside and moved into place without overwriting, and the loser reads the winner's secret.
/// </summary>
internal static class DevelopmentSecret
{
    public const string FileName = "dev-secret";

    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(dataDirectory);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
        var staging = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(staging, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(staging, path, overwrite: false);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(staging);
            return File.ReadAllText(path).Trim();
        }
    }
}
