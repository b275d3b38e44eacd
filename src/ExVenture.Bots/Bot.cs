using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ExVenture.Bots;

/// <summary>
/// One simulated player: account, character, socket, and a closed loop of commands. When its node goes away (a
/// restart closes the socket with 1012, a crash breaks it) the bot reconnects to the next node with exponential
/// backoff and carries on, as the browser client does.
/// </summary>
public sealed class Bot(HttpClient http, IReadOnlyList<Uri> servers, int firstServer, string name)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(5);

    private ClientWebSocket? _socket;
    private string? _token;
    private int _server = firstServer;

    /// <summary>Character names are letters only: bot number <paramref name="index"/> becomes "Botaaaab" and so on.</summary>
    public static string NameFor(int index)
    {
        Span<char> letters = stackalloc char[5];
        for (var i = letters.Length - 1; i >= 0; i--, index /= 26)
        {
            letters[i] = (char)('a' + (index % 26));
        }

        return "Bot" + new string(letters);
    }

    private Uri Server => servers[_server % servers.Count];

    /// <summary>Registers (or reuses) the account and character, then opens the play socket.</summary>
    public async Task SignUpAsync(CancellationToken cancellationToken)
    {
        var username = "bot_" + name.ToLowerInvariant();
        var password = "bot-password-" + name;
        using var register = await http.PostAsJsonAsync(new Uri(Server, "api/accounts"), new { username, email = $"{username}@bots.invalid", password }, cancellationToken);
        Expect(register, HttpStatusCode.Created, HttpStatusCode.Conflict);
        using var signIn = await http.PostAsJsonAsync(new Uri(Server, "api/sessions"), new { username, password }, cancellationToken);
        Expect(signIn, HttpStatusCode.OK);
        _token = (await signIn.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;

        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(Server, "api/characters")) { Content = JsonContent.Create(new { name }) };
        create.Headers.Authorization = new("Bearer", _token);
        using var created = await http.SendAsync(create, cancellationToken);
        Expect(created, HttpStatusCode.Created, HttpStatusCode.Conflict);
        await OpenSocketAsync(cancellationToken);
    }

    /// <summary>Sends commands one after another until cancelled; records the time to the first frame carrying
    /// each command's ref. A lost connection is counted and followed by a reconnect.</summary>
    public async Task RunAsync(string[] commands, Stats stats, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        for (var n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var commandRef = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var frame = JsonSerializer.SerializeToUtf8Bytes(new { topic = "system/send", data = new { text = commands[n % commands.Length], id = commandRef } });
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _socket!.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
                await ReadUntilAnsweredAsync(buffer, "\"ref\":\"" + commandRef + "\"", cancellationToken);
                stats.Record(Stopwatch.GetElapsedTime(started));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (WebSocketException)
            {
                stats.Disconnected();
                if (!await ReconnectAsync(cancellationToken))
                {
                    return;
                }
            }
        }
    }

    public async Task CloseAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        _socket?.Dispose();
    }

    private async Task OpenSocketAsync(CancellationToken cancellationToken)
    {
        _socket?.Dispose();
        _socket = new ClientWebSocket();
        var uri = new UriBuilder(Server) { Scheme = Server.Scheme == "https" ? "wss" : "ws", Path = "socket", Query = $"token={_token}&character={name}" }.Uri;
        await _socket.ConnectAsync(uri, cancellationToken);
    }

    /// <summary>Tries the next node, then the one after, waiting 100 ms, 200 ms, … up to 5 s between attempts.</summary>
    private async Task<bool> ReconnectAsync(CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            _server++;
            try
            {
                await Task.Delay(backoff, cancellationToken);
                await OpenSocketAsync(cancellationToken);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (WebSocketException)
            {
                backoff = TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, backoff.Ticks * 2));
            }
        }

        return false;
    }

    private async Task ReadUntilAnsweredAsync(byte[] buffer, string refMarker, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                // A frame larger than the buffer keeps only its tail, which is where the ref is written.
                if (length == buffer.Length)
                {
                    length = 0;
                }

                result = await _socket!.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The server closed the socket ({_socket.CloseStatus} {_socket.CloseStatusDescription}).");
            }

            if (Encoding.UTF8.GetString(buffer, 0, length).Contains(refMarker, StringComparison.Ordinal))
            {
                return;
            }
        }
    }

    private static void Expect(HttpResponseMessage response, params HttpStatusCode[] allowed)
    {
        if (!allowed.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode}");
        }
    }
}
