using System.Net;
using System.Text.RegularExpressions;

namespace ExVenture.TestSupport.Web;

/// <summary>
/// A browser without the browser: fetches pages (paths relative to the server given, or absolute URLs of another
/// node), keeps cookies by hand (so Secure cookies still flow over the tests' plain HTTP, a test sees exactly what was
/// set, and one sign-in can be carried from node to node), and posts forms with or without their antiforgery token.
/// </summary>
public sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public FormClient(Uri server) =>
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server };

    /// <summary>When set, sent as X-Forwarded-Proto, as a TLS-terminating proxy does.</summary>
    public string? ForwardedProto { get; init; }

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookieHeaders { get; } = [];

    /// <summary>The Cookie header this client sends.</summary>
    public string CookieHeader => string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Gets <paramref name="path"/> and posts its form (the one with <paramref name="handler"/>, if given) with <paramref name="fields"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> SubmitAsync(
        string path, IReadOnlyDictionary<string, string> fields, bool withToken = true, string? handler = null)
    {
        var (_, page, _) = await GetAsync(path);
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            form["__antiforgery"] = AntiforgeryToken(page);
        }

        var target = handler is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";
        return await PostAsync(target, form);
    }

    /// <summary>Registers through <c>/register</c> (and is signed in by it).</summary>
    public Task<(HttpStatusCode Status, string Body, Uri? Location)> RegisterAsync(string username, string password = "a-long-password") =>
        SubmitAsync("/register", RegistrationForm(username, password));

    /// <summary>The fields of the registration form, for tests that post it themselves.</summary>
    public static Dictionary<string, string> RegistrationForm(string username, string password = "a-long-password") => new()
    {
        ["Input.Username"] = username,
        ["Input.Email"] = $"{username}@example.test",
        ["Input.Password"] = password,
        ["Input.Confirmation"] = password,
    };

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string path, IReadOnlyDictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    /// <summary>The antiforgery token a page's forms carry.</summary>
    public static string AntiforgeryToken(string page) =>
        AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery field on the page:\n{page}");

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode, string, Uri?)> SendAsync(HttpRequestMessage request)
    {
        if (ForwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", ForwardedProto);
        }

        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", CookieHeader);
        }

        using var response = await _http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            SetCookieHeaders.Add(header);
            var pair = header.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..equals], pair[(equals + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    [GeneratedRegex("name=\"__antiforgery\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
