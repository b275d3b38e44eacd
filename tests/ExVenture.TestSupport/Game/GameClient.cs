using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ExVenture.TestSupport.Game;

/// <summary>A frame the server sent: topic, data, and the ref of the command it answers (if any).</summary>
public sealed record ServerFrame(string Topic, JsonElement Data, string? Ref)
{
    public string? Text => Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty("text", out var text) ? text.GetString() : null;

    public override string ToString() => $"[{Ref}] {Topic} {Data.GetRawText()}";
}

/// <summary>
/// A player as a real client sees the game: the public HTTP API for the account, one WebSocket for play.
/// Frames are read in the background; tests wait for the ones they expect (never for a fixed time).
/// </summary>
public sealed class GameClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;
    private readonly List<ServerFrame> _unclaimed = [];
    private Channel<ServerFrame> _frames = Channel.CreateUnbounded<ServerFrame>();
    private ClientWebSocket? _socket;
    private Task? _reading;
    private int _commands;

    /// <param name="handler">What carries the HTTP requests (the API's, not the socket's): a <see cref="Cluster.FlyProxyEmulator"/>
    /// to play through Fly's proxy as a player in some region would.</param>
    public GameClient(Uri server, string username, HttpMessageHandler? handler = null)
    {
        Username = username;
        _http = new HttpClient(handler ?? new HttpClientHandler()) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Username { get; }

    public string Password => $"{Username}-secret-pass";

    public string? Token { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket?.CloseStatus;

    public string? CloseDescription => _socket?.CloseStatusDescription;

    /// <summary>Registers (or reuses) the account, signs in, and creates the character if it does not exist yet.</summary>
    public async Task SignUpAsync(string character)
    {
        using var register = await _http.PostAsJsonAsync("api/accounts", new { username = Username, email = $"{Username}@example.test", password = Password });
        if (register.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Registering {Username}: {(int)register.StatusCode} {await register.Content.ReadAsStringAsync()}");
        }

        await SignInAsync();
        using var create = await _http.PostAsJsonAsync("api/characters", new { name = character });
        if (create.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"Creating {character}: {(int)create.StatusCode} {await create.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A raw authenticated POST of a JSON body to the public API.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task SignInAsync()
    {
        using var response = await _http.PostAsJsonAsync("api/sessions", new { username = Username, password = Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Token = body.GetProperty("token").GetString();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>Opens the play socket on <paramref name="server"/> (default: the API's server).</summary>
    public async Task ConnectAsync(string character, Uri? server = null, string? token = null)
    {
        await CloseAsync();
        var baseUri = server ?? _http.BaseAddress!;
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = "socket", Query = $"token={Uri.EscapeDataString(token ?? Token ?? string.Empty)}&character={Uri.EscapeDataString(character)}" }.Uri;
        _frames = Channel.CreateUnbounded<ServerFrame>();
        _unclaimed.Clear();
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(uri, new CancellationTokenSource(DefaultWait).Token);
        _reading = ReadAsync(_socket, _frames.Writer);
    }

    /// <summary>Sends a command and returns the ref its answers will carry.</summary>
    public async Task<string> SendAsync(string text)
    {
        var commandRef = $"{Username}-{++_commands}";
        await SendRawAsync(JsonSerializer.Serialize(new { topic = "system/send", data = new { text, id = commandRef } }));
        return commandRef;
    }

    public Task SendRawAsync(string message) => SendRawAsync(Encoding.UTF8.GetBytes(message));

    public async Task SendRawAsync(byte[] message) =>
        await Socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends a command and returns the display text that answers it.</summary>
    public async Task<string> CommandAsync(string text)
    {
        var commandRef = await SendAsync(text);
        var answer = await ExpectAsync(f => f.Ref == commandRef && f.Topic == "system/display", $"the answer to '{text}'");
        return answer.Text ?? string.Empty;
    }

    /// <summary>Waits for a frame that matches; frames read on the way are kept for later expectations.</summary>
    public async Task<ServerFrame> ExpectAsync(Func<ServerFrame, bool> match, string what, TimeSpan? within = null)
    {
        var kept = _unclaimed.FirstOrDefault(match);
        if (kept is not null)
        {
            _unclaimed.Remove(kept);
            return kept;
        }

        using var timeout = new CancellationTokenSource(within ?? DefaultWait);
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(timeout.Token);
                if (match(frame))
                {
                    return frame;
                }

                _unclaimed.Add(frame);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{Username} did not receive {what} (socket {_socket?.State}, close {CloseStatus} '{CloseDescription}'). Frames seen:\n"
                + string.Join('\n', _unclaimed.TakeLast(30)));
        }
    }

    public Task<ServerFrame> ExpectTextAsync(string fragment, TimeSpan? within = null) =>
        ExpectAsync(f => f.Topic == "system/display" && (f.Text ?? string.Empty).Contains(fragment, StringComparison.Ordinal), $"a line containing '{fragment}'", within);

    public Task<ServerFrame> ExpectTopicAsync(string topic, string? commandRef = null) =>
        ExpectAsync(f => f.Topic == topic && (commandRef is null || f.Ref == commandRef), $"a {topic} frame");

    /// <summary>Waits until the server closes the socket.</summary>
    public async Task WaitForCloseAsync()
    {
        if (_reading is not null)
        {
            await _reading.WaitAsync(DefaultWait);
        }
    }

    public async Task CloseAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
        }

        if (_reading is not null)
        {
            await _reading.WaitAsync(DefaultWait).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket?.Dispose();
        _socket = null;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _http.Dispose();
    }

    private ClientWebSocket Socket => _socket ?? throw new InvalidOperationException("Not connected.");

    private static async Task ReadAsync(ClientWebSocket socket, ChannelWriter<ServerFrame> frames)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the server's close, as a well-behaved client does, so it need not wait for us.
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    return;
                }

                using var document = JsonDocument.Parse(message.ToArray());
                var root = document.RootElement;
                frames.TryWrite(new ServerFrame(
                    root.GetProperty("topic").GetString()!,
                    root.GetProperty("data").Clone(),
                    root.TryGetProperty("ref", out var r) ? r.GetString() : null));
            }
        }
        catch (WebSocketException)
        {
            // Connection lost: the test sees the channel close.
        }
        finally
        {
            frames.TryComplete();
        }
    }
}
