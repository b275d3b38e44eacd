namespace ExVenture.Browser.Tests.Support;

/// <summary>
/// One headless Chromium for the whole test run: the machine's own (<c>apt-get install chromium</c>), started by
/// Playwright with the flags that keep it off the network it may not reach. Tests open a fresh context (cookies,
/// storage) each, so they never share a sign-in.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Web-first assertions wait this long: generous, for a loaded two-core machine.</summary>
    public static readonly TimeSpan ExpectTimeout = TimeSpan.FromSeconds(30);

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install it with `apt-get install -y chromium` (build.ps1 test does so when run as root).");
        }

        SetDefaultExpectTimeout((float)ExpectTimeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser profile on <paramref name="baseUrl"/>; <paramref name="phone"/> gives a 375×812 touch screen.</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseUrl, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 812 } : new ViewportSize { Width = 1280, Height = 860 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout((float)ExpectTimeout.TotalMilliseconds);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}
