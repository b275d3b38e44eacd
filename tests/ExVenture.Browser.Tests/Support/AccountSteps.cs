namespace ExVenture.Browser.Tests.Support;

/// <summary>What a player does on the account pages, step by step, as they would with a mouse and keyboard.</summary>
public static class AccountSteps
{
    /// <summary>Fills in and submits <c>/register</c>; the server signs the new player in and shows the characters page.</summary>
    public static async Task RegisterAsync(IPage page, string username, string email, string password)
    {
        await page.GotoAsync("/register");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Password again").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }

    /// <summary>Signs in through <c>/sign-in</c>, going on to <paramref name="returnUrl"/> when given.</summary>
    public static async Task SignInAsync(IPage page, string username, string password, string? returnUrl = null)
    {
        await page.GotoAsync(returnUrl is null ? "/sign-in" : "/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
