using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ExVenture.Server.Pages.Account;

/// <summary>What the account forms share: turning <see cref="Accounts.AccountRules"/> answers into form errors, and common messages.</summary>
public static class AccountForms
{
    public const string BusyMessage = "The server is busy checking other passwords. Please try again in a few seconds.";

    public static void Check(ModelStateDictionary state, string field, string? problem)
    {
        if (problem is not null)
        {
            state.AddModelError(field, problem);
        }
    }

    public static string? ConfirmationProblem(string? password, string? confirmation) =>
        password == confirmation ? null : "The two passwords differ.";

    /// <summary>A return URL from a query string, only if it stays on this site; otherwise the characters page.</summary>
    public static string LocalOrDefault(IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/characters";
}
