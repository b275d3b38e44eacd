using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExVenture.Server.Accounts;
using ExVenture.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ExVenture.Server.Tests.Accounts;

public sealed class AccountsApiPostgreSqlTests : AccountsApiTests<PostgreSqlTestDatabase>;

public sealed class AccountsApiSqliteTests : AccountsApiTests<SqliteTestDatabase>;

public abstract class AccountsApiTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    private const string Password = "correct horse battery";

    private readonly TDatabase _database = new();
    private AccountsApiHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        var settings = await _database.CreateAsync();
        _host = await AccountsApiHost.StartAsync(settings.ConnectionString, ("CHARACTER_LIMIT", "2"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Registering_returns_201_with_the_account_and_no_password()
    {
        var response = await Register("Alice_1", "alice@example.com", Password);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        Assert.Equal(["email", "id", "username"], body.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Alice_1", body.GetProperty("username").GetString());
        Assert.Equal("alice@example.com", body.GetProperty("email").GetString());
        Assert.Equal(32, body.GetProperty("id").GetString()!.Length);
    }

    [Fact]
    public async Task Invalid_registration_returns_400_naming_every_bad_field()
    {
        var response = await Register("a!", "not-an-email", "short");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Equal(["email", "password", "username"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("8 to 128", errors.GetProperty("password")[0].GetString());
    }

    [Theory]
    [InlineData("""{}""", new[] { "email", "password", "username" })]
    [InlineData("""{"username":"ab","email":"a@example.com","password":"long enough"}""", new[] { "username" })]
    [InlineData("""{"username":"abcdefghijklmnopqrstu","email":"a@example.com","password":"long enough"}""", new[] { "username" })]
    [InlineData("""{"username":"has space","email":"a@example.com","password":"long enough"}""", new[] { "username" })]
    [InlineData("""{"username":"bob","email":"Bob <bob@example.com>","password":"long enough"}""", new[] { "email" })]
    [InlineData("""{"username":"bob","email":"bob@example","password":"long enough"}""", new[] { "email" })]
    public async Task Each_registration_rule_is_enforced(string json, string[] badFields)
    {
        var response = await Post("/api/accounts", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(badFields, (await Json(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_password_over_128_characters_is_refused()
    {
        var response = await Register("bob", "bob@example.com", new string('x', 129));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task A_taken_username_in_any_case_returns_409()
    {
        await Register("alice", "a@example.com", Password);

        var response = await Register("ALICE", "b@example.com", Password);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("taken", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Ten_concurrent_registrations_of_one_username_give_one_201_and_nine_409()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Register("racer", $"r{i}@example.com", Password)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("/api/accounts", "{\"username\": \"bob\",")]
    [InlineData("/api/accounts", "")]
    [InlineData("/api/accounts", "[1, 2]")]
    [InlineData("/api/accounts", "{\"username\": 42}")]
    [InlineData("/api/sessions", "not json at all")]
    [InlineData("/api/sessions", "null")]
    public async Task A_malformed_json_body_returns_400_with_a_message(string path, string body)
    {
        var response = await Post(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_or_in_an_unknown_charset_returns_400()
    {
        var invalidUtf8 = new ByteArrayContent([.. "{\"username\":\""u8, 0xFF, 0xFE, .. "\"}"u8]);
        invalidUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var unknownCharset = new StringContent("{}", Encoding.UTF8);
        unknownCharset.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=no-such-charset");

        foreach (var content in new HttpContent[] { invalidUtf8, unknownCharset })
        {
            var response = await Client.PostAsync("/api/accounts", content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("JSON", (await Json(response)).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task A_body_that_is_not_json_returns_415()
    {
        var response = await Client.PostAsync("/api/accounts", new StringContent("username=bob", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Signing_in_returns_a_token_that_the_token_service_accepts()
    {
        await Register("Alice", "alice@example.com", Password);

        var response = await Client.PostAsJsonAsync("/api/sessions", new { username = "alice", password = Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var token = body.GetProperty("token").GetString();
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        var claims = _host.Services.GetRequiredService<TokenService>().Validate(token);
        Assert.NotNull(claims);
        Assert.Equal("Alice", claims.Username);
        Assert.Equal(claims.ExpiresAt, expiresAt);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        await Register("alice", "alice@example.com", Password);

        var wrongPassword = await Client.PostAsJsonAsync("/api/sessions", new { username = "alice", password = "not the password" });
        var unknownUser = await Client.PostAsJsonAsync("/api/sessions", new { username = "nobody", password = Password });
        var missingFields = await Client.PostAsJsonAsync("/api/sessions", new { });

        Assert.All([wrongPassword, unknownUser, missingFields], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownUser.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer forged.token")]
    [InlineData("Basic YWxpY2U6cGFzc3dvcmQ=")]
    public async Task Characters_require_a_valid_bearer_token(string? authorization)
    {
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/characters");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/characters") { Content = JsonContent.Create(new { name = "Bob" }) };
        foreach (var request in new[] { list, create })
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            var response = await Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_refused()
    {
        var foreign = new TokenService("some-other-secret-key-base-of-32-chars-plus", TimeProvider.System).Issue("id", "alice");

        var response = await Client.SendAsync(WithToken(HttpMethod.Get, "/api/characters", foreign.Token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Created_characters_are_listed_for_their_account_only()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");

        var created = await CreateCharacter(alice, "frodo");
        var list = await Client.SendAsync(WithToken(HttpMethod.Get, "/api/characters", alice));
        var bobsList = await Client.SendAsync(WithToken(HttpMethod.Get, "/api/characters", bob));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var character = await Json(created);
        Assert.Equal("Frodo", character.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = Assert.Single((await Json(list)).EnumerateArray());
        Assert.Equal(character.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal("Frodo", listed.GetProperty("name").GetString());
        Assert.Equal(0, (await Json(bobsList)).GetArrayLength());
    }

    [Theory]
    [InlineData("Al")]
    [InlineData("Abcdefghijklmnopq")]
    [InlineData("R2D2")]
    [InlineData("Mary Jane")]
    [InlineData("")]
    public async Task An_invalid_character_name_returns_400(string name)
    {
        var token = await SignUpAsync("alice");

        var response = await CreateCharacter(token, name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_character_name_taken_by_any_account_in_any_case_returns_409()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        await CreateCharacter(alice, "Samwise");

        var response = await CreateCharacter(bob, "SAMWISE");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("taken", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Going_over_the_character_limit_returns_409_saying_so()
    {
        var alice = await SignUpAsync("alice");
        await CreateCharacter(alice, "Merry");
        await CreateCharacter(alice, "Pippin");

        var response = await CreateCharacter(alice, "Bilbo");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Character limit reached: an account may have at most 2 characters.", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_malformed_character_body_returns_400()
    {
        var token = await SignUpAsync("alice");
        using var request = WithToken(HttpMethod.Post, "/api/characters", token);
        request.Content = new StringContent("{name:", Encoding.UTF8, "application/json");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_socket_is_authorized_for_its_own_characters_only()
    {
        var alice = await SignUpAsync("alice");
        var bob = await SignUpAsync("bob");
        await CreateCharacter(alice, "Gandalf");
        var authenticator = _host.Services.GetRequiredService<AccountAuthenticator>();

        var own = await authenticator.AuthorizeCharacterAsync(alice, "gandalf");

        Assert.Equal("Gandalf", own?.Name);
        Assert.Null(await authenticator.AuthorizeCharacterAsync(bob, "Gandalf"));
        Assert.Null(await authenticator.AuthorizeCharacterAsync(alice, "Saruman"));
        Assert.Null(await authenticator.AuthorizeCharacterAsync("forged.token", "Gandalf"));
        Assert.Null(await authenticator.AuthorizeCharacterAsync(alice, null));
    }

    private Task<HttpResponseMessage> Register(string username, string email, string password) =>
        Client.PostAsJsonAsync("/api/accounts", new { username, email, password });

    private Task<HttpResponseMessage> Post(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> SignUpAsync(string username)
    {
        Assert.Equal(HttpStatusCode.Created, (await Register(username, $"{username}@example.com", Password)).StatusCode);
        var response = await Client.PostAsJsonAsync("/api/sessions", new { username, password = Password });
        return (await Json(response)).GetProperty("token").GetString()!;
    }

    private Task<HttpResponseMessage> CreateCharacter(string token, string name)
    {
        var request = WithToken(HttpMethod.Post, "/api/characters", token);
        request.Content = JsonContent.Create(new { name });
        return Client.SendAsync(request);
    }

    private static HttpRequestMessage WithToken(HttpMethod method, string path, string token) =>
        new(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
