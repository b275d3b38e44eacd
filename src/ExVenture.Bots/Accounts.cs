using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ExVenture.Bots;

/// <summary>
/// The bots' accounts. Several characters share one account (<c>--characters-per-account</c>, up to the server's
/// <c>CHARACTER_LIMIT</c>), so a swarm of thousands costs a few dozen password hashes, not thousands; each account
/// registers (or finds itself already registered) and signs in once, whichever bot asks first.
/// </summary>
public sealed class Accounts(HttpClient http, Stats stats, int charactersPerAccount)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<string>>> _tokens = new();

    /// <summary>The signed-in token of the account bot <paramref name="bot"/> plays under.</summary>
    public Task<string> TokenForAsync(int bot, Uri server, CancellationToken cancellationToken) =>
        _tokens.GetOrAdd(bot / charactersPerAccount, account => new Lazy<Task<string>>(() => SignUpAsync(account, server, cancellationToken))).Value;

    /// <summary>Registers the account if it is new, then signs in with its password, timed into <see cref="Stats.SignInLatency"/>.</summary>
    public async Task<string> SignUpAsync(int account, Uri server, CancellationToken cancellationToken)
    {
        var (username, password) = Credentials(account);
        using var register = await http.PostAsJsonAsync(new Uri(server, "api/accounts"), new { username, email = $"{username}@bots.invalid", password }, cancellationToken);
        Expect(register, HttpStatusCode.Created, HttpStatusCode.Conflict);
        var started = Stopwatch.GetTimestamp();
        var token = await SignInAsync(account, server, cancellationToken);
        stats.SignInLatency.Record(Stopwatch.GetElapsedTime(started));
        return token;
    }

    /// <summary>A password sign-in.</summary>
    public async Task<string> SignInAsync(int account, Uri server, CancellationToken cancellationToken)
    {
        var (username, password) = Credentials(account);
        using var signIn = await http.PostAsJsonAsync(new Uri(server, "api/sessions"), new { username, password }, cancellationToken);
        Expect(signIn, HttpStatusCode.OK);
        return (await signIn.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;
    }

    /// <summary>Creates the character under the token's account, or finds it already there.</summary>
    public async Task CreateCharacterAsync(string token, string name, Uri server, CancellationToken cancellationToken)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "api/characters")) { Content = JsonContent.Create(new { name }) };
        create.Headers.Authorization = new("Bearer", token);
        using var created = await http.SendAsync(create, cancellationToken);
        Expect(created, HttpStatusCode.Created, HttpStatusCode.Conflict);
    }

    private static (string Username, string Password) Credentials(int account)
    {
        var username = FormattableString.Invariant($"bot_account_{account}");
        return (username, "bot-password-" + username);
    }

    private static void Expect(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        if (!allowed.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}.");
        }
    }
}
