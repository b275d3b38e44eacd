using ExVenture.Server.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ExVenture.Server.Pages.Account;

/// <summary><c>/sign-out</c>: a POST (with its antiforgery token) ends the sign-in; a GET only asks, so a link or an image cannot sign anyone out.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => AccountCookie.AccountId(User) is null ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await AccountCookie.SignOutAsync(HttpContext);
        TempData["Notice"] = "You have signed out.";
        return Redirect("/");
    }
}
