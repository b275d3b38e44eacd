using ExVenture.TestSupport;

namespace ExVenture.Browser.Tests.Support;

/// <summary>Screenshots kept as test artifacts in <c>artifacts/screenshots/</c>, for people to look at.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots")).FullName;

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
