using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ExVenture.Pbm;

/// <summary>
/// The operator contract (<see cref="OperatorProtocol"/>) over HTTP: palettes, one-shot commands, streaming commands.
/// Every failure surfaces as a <see cref="PbmException"/> whose <see cref="PbmException.ExitCode"/> is what the
/// <c>pbm</c> binary exits with; cancelling the caller's token throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class PbmClient : IDisposable
{
    /// <summary>How long a TCP connect may take before the node counts as unreachable.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;

    /// <param name="baseAddress">The node's operator endpoint, e.g. <c>http://127.0.0.1:9110/</c>.</param>
    /// <param name="token">Sent as <c>Authorization: Bearer</c>.</param>
    /// <param name="timeout">How long a command may take (for a stream: until its first byte); default 30 s.</param>
    /// <param name="connectTimeout">How long a connect may take; default 5 s, never more than <paramref name="timeout"/>.</param>
    public PbmClient(Uri baseAddress, string token, TimeSpan? timeout = null, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(token);
        Timeout = timeout ?? PbmArguments.DefaultTimeout;
        var connect = connectTimeout ?? DefaultConnectTimeout;
        ConnectTimeout = connect < Timeout ? connect : Timeout;
        BaseAddress = baseAddress;
        Endpoint = $"{baseAddress.Host}:{baseAddress.Port}";
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("pbm", "1"));
    }

    /// <param name="endpoint">e.g. <c>PbmEndpoint.Parse("127.0.0.1:9110")</c>.</param>
    public PbmClient(PbmEndpoint endpoint, string token, TimeSpan? timeout = null, TimeSpan? connectTimeout = null)
        : this(endpoint.BaseAddress, token, timeout, connectTimeout)
    {
    }

    public Uri BaseAddress { get; }

    /// <summary><c>host:port</c>, as messages name the node.</summary>
    public string Endpoint { get; }

    public TimeSpan Timeout { get; }

    public TimeSpan ConnectTimeout { get; }

    /// <summary><c>GET /pbm/v1/palettes</c>: every palette with its commands and switches.</summary>
    public async Task<IReadOnlyList<PaletteInfo>> PalettesAsync(CancellationToken cancellationToken = default)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, OperatorProtocol.PalettesPath);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await HeadersAsync(request, timer.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, "palettes", timer.Token);
            }

            var body = await response.Content.ReadAsStringAsync(timer.Token);
            return Deserialize<IReadOnlyList<PaletteInfo>>(body, "the palettes") ?? [];
        }
        catch (Exception e) when (Translate(e, timer, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// <c>POST /pbm/v1/commands</c> for a command that answers once. Returns the response for 200 and for 422 (the
    /// command ran and failed: <c>Ok = false</c>, <see cref="CommandResponse.Error"/> says why); throws
    /// <see cref="PbmException"/> for 400, 401, 404, 504, anything else, and for a streaming command (use <see cref="StreamAsync"/>).
    /// </summary>
    public async Task<CommandResponse> RunAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        await using var answer = await SendAsync(request, cancellationToken);
        return answer.Response ?? throw new PbmException(
            PbmExitCodes.Usage, $"'{request.Palette} {request.Command}' streams; read it with StreamAsync", statusCode: 200);
    }

    /// <summary>
    /// <c>POST /pbm/v1/commands</c> for a streaming command: yields each <see cref="StreamLine"/> as the node sends it,
    /// until the node ends the stream or <paramref name="cancellationToken"/> is cancelled (which hangs up). A command
    /// that answers once instead yields its text as one line, or throws when it failed.
    /// </summary>
    public async IAsyncEnumerable<StreamLine> StreamAsync(CommandRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var answer = await SendAsync(request, cancellationToken);
        if (answer.Response is { } single)
        {
            if (!single.Ok)
            {
                throw CommandFailed(request, single, 200);
            }

            yield return new StreamLine(single.Text, single.Data);
            yield break;
        }

        await foreach (var line in answer.ReadLinesAsync(cancellationToken))
        {
            yield return line;
        }
    }

    /// <summary>
    /// Sends a command and returns either its one answer or its open stream, by the content type the node chose, so a
    /// caller need not know beforehand whether the command streams.
    /// </summary>
    internal async Task<CommandAnswer> SendAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(Timeout);
        HttpResponseMessage? response = null;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, OperatorProtocol.CommandsPath)
            {
                Content = new StringContent(JsonSerializer.Serialize(request, OperatorProtocol.Json), Encoding.UTF8, "application/json"),
            };
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OperatorProtocol.StreamContentType));
            response = await HeadersAsync(message, timer.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode == HttpStatusCode.OK && string.Equals(mediaType, OperatorProtocol.StreamContentType, StringComparison.OrdinalIgnoreCase))
            {
                var stream = await response.Content.ReadAsStreamAsync(timer.Token);
                var streaming = new CommandAnswer(null, response, stream, this);
                response = null;
                return streaming;
            }

            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity)
            {
                var body = await response.Content.ReadAsStringAsync(timer.Token);
                var parsed = Deserialize<CommandResponse>(body, "the command's answer")
                    ?? throw new PbmException(PbmExitCodes.BadAnswer, $"{Endpoint} answered an empty body", statusCode: (int)response.StatusCode);
                return new CommandAnswer(parsed, null, null, this);
            }

            throw await FailureAsync(response, $"'{request.Palette} {request.Command}'", timer.Token);
        }
        catch (Exception e) when (Translate(e, timer, cancellationToken) is { } failure)
        {
            throw failure;
        }
        finally
        {
            response?.Dispose();
        }
    }

    public void Dispose() => _http.Dispose();

    internal static PbmException CommandFailed(CommandRequest request, CommandResponse response, int? status) =>
        new(PbmExitCodes.CommandFailed, response.Error is { Length: > 0 } error ? error : $"'{request.Palette} {request.Command}' failed", response, status);

    private Task<HttpResponseMessage> HeadersAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private async Task<PbmException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        CommandResponse? body = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            body = text.Length == 0 ? null : JsonSerializer.Deserialize<CommandResponse>(text, OperatorProtocol.Json);
        }
        catch (JsonException)
        {
            // Not a CommandResponse (a proxy's page, say): the status says enough.
        }

        var reason = body?.Error is { Length: > 0 } error ? error : null;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new PbmException(
                PbmExitCodes.Unauthorized,
                $"{Endpoint} refused the token (401{(reason is null ? "" : ": " + reason)}). Pass --token, or set PBM_TOKEN or SECRET_KEY_BASE to the cluster's.",
                body, status),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity => new PbmException(
                PbmExitCodes.CommandFailed, reason ?? $"{what}: {status} {response.ReasonPhrase}", body, status),
            HttpStatusCode.GatewayTimeout => new PbmException(
                PbmExitCodes.Unreachable, $"{Endpoint} timed out answering {what} (504{(reason is null ? "" : ": " + reason)})", body, status),
            _ => new PbmException(
                PbmExitCodes.BadAnswer, $"{Endpoint} answered {what} with {status} {response.ReasonPhrase}{(reason is null ? "" : ": " + reason)}", body, status),
        };
    }

    private T? Deserialize<T>(string body, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, OperatorProtocol.Json);
        }
        catch (JsonException e)
        {
            throw new PbmException(PbmExitCodes.BadAnswer, $"{Endpoint} sent {what} in a form pbm does not read: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Turns transport failures into a <see cref="PbmException"/>, and anything that happens once the caller cancelled
    /// into an <see cref="OperationCanceledException"/>; null leaves the exception as it is (our own PbmExceptions).
    /// </summary>
    internal Exception? Translate(Exception e, CancellationTokenSource? timer, CancellationToken caller)
    {
        switch (e)
        {
            case PbmException:
                return null;
            case OperationCanceledException when caller.IsCancellationRequested:
                return null;
            case not null when caller.IsCancellationRequested:
                // A hang-up we caused (e.g. the stream torn down by Ctrl-C) is a cancellation, not a lost connection.
                return new OperationCanceledException("cancelled", e, caller);
            case OperationCanceledException when timer is { IsCancellationRequested: true }:
                return new PbmException(PbmExitCodes.Unreachable, $"{Endpoint} did not answer within {Seconds(Timeout)}", inner: e);
            case OperationCanceledException:
                // SocketsHttpHandler.ConnectTimeout expired.
                return Unreachable($"timed out connecting after {Seconds(ConnectTimeout)}", e);
            case HttpRequestException http when http.HttpRequestError is HttpRequestError.NameResolutionError:
                return Unreachable("name not resolved", e);
            case HttpRequestException http when http.HttpRequestError is HttpRequestError.ConnectionError || http.InnerException is SocketException:
                return Unreachable(SocketReason(http), e);
            case HttpRequestException or IOException:
                return new PbmException(PbmExitCodes.Unreachable, $"lost the connection to {Endpoint}: {Innermost(e).Message}", inner: e);
            default:
                return null;
        }
    }

    private PbmException Unreachable(string reason, Exception inner) => new(
        PbmExitCodes.Unreachable,
        $"cannot reach {Endpoint} ({reason}). Is the node running with OPERATOR_PORT={BaseAddress.Port} and OPERATOR_BIND reachable from here?",
        inner: inner);

    private static string SocketReason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostUnreachable => "host unreachable",
                    SocketError.NetworkUnreachable => "network unreachable",
                    SocketError.TimedOut => "timed out connecting",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "name not resolved",
                    SocketError.AddressNotAvailable => "address not available",
                    _ => socket.Message,
                };
            }
        }

        return Innermost(e).Message;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.#} s";

    /// <summary>One command's answer: a <see cref="CommandResponse"/>, or an open NDJSON stream of <see cref="StreamLine"/>s.</summary>
    internal sealed class CommandAnswer(CommandResponse? response, HttpResponseMessage? http, Stream? stream, PbmClient client) : IAsyncDisposable
    {
        public CommandResponse? Response { get; } = response;

        public bool Streams => Response is null;

        public async IAsyncEnumerable<StreamLine> ReadLinesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(stream!, Encoding.UTF8);
            while (true)
            {
                string? text;
                try
                {
                    text = await reader.ReadLineAsync(cancellationToken);
                }
                catch (Exception e) when (client.Translate(e, null, cancellationToken) is { } failure)
                {
                    throw failure;
                }

                if (text is null)
                {
                    yield break;
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                yield return client.Deserialize<StreamLine>(text, "a stream line")
                    ?? throw new PbmException(PbmExitCodes.BadAnswer, $"{client.Endpoint} sent an empty stream line");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            http?.Dispose();
        }
    }
}
