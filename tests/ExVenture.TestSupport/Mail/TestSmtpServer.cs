using System.Buffers;
using System.Net;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ExVenture.TestSupport.Mail;

/// <summary>One message as the test SMTP server received it: the envelope, who logged in, and the parsed message.</summary>
public sealed record ReceivedMail(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? AuthenticatedUser, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a loopback port inside the test process. Every accepted message is
/// handed to <see cref="ReceiveAsync"/>; <c>answer</c> decides, per DATA command, what the server replies.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Channel<ReceivedMail> _received = Channel.CreateUnbounded<ReceivedMail>();
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task _running = Task.CompletedTask;
    private int _sessions;
    private int _dataCommands;

    private TestSmtpServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>Connections the server has accepted.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>Every (user, password) a client tried.</summary>
    public List<(string User, string Password)> Logins { get; } = [];

    /// <param name="port">0 for any free port.</param>
    /// <param name="login">When set, the server requires this login before it takes mail.</param>
    /// <param name="answer">The reply to the n-th DATA command (1-based); by default 250 OK.</param>
    public static async Task<TestSmtpServer> StartAsync(int port = 0, (string User, string Password)? login = null, Func<int, SmtpResponse>? answer = null)
    {
        var server = new TestSmtpServer();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port));
                if (login is not null)
                {
                    endpoint.AuthenticationRequired(true).AllowUnsecureAuthentication(true);
                }
            })
            .Build();

        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(server, answer ?? (_ => SmtpResponse.Ok)));
        if (login is { } expected)
        {
            services.Add(new Authenticator(server, expected));
        }

        server._server = new SmtpServer.SmtpServer(options, services);
        server._server.SessionCreated += (_, _) => Interlocked.Increment(ref server._sessions);
        server._running = server._server.StartAsync(server._stop.Token);

        // Listening, or the reason it could not (e.g. the port is taken).
        await Task.WhenAny(listening.Task, server._running).WaitAsync(Patience);
        if (!listening.Task.IsCompleted)
        {
            await server._running;
            throw new InvalidOperationException("The SMTP server stopped before it listened.");
        }

        server.Port = await listening.Task;
        return server;
    }

    /// <summary>The next message the server accepted, waiting up to <see cref="Patience"/>.</summary>
    public async Task<ReceivedMail> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"No message reached the SMTP server on port {Port} within {Patience.TotalSeconds} s ({Sessions} sessions).");
        }
    }

    /// <summary>Whether a message is waiting that <see cref="ReceiveAsync"/> has not taken.</summary>
    public bool HasUnread => _received.Reader.Count > 0;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _server?.Shutdown();
        try
        {
            await _running.WaitAsync(Patience);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server, Func<int, SmtpResponse> answer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var response = answer(Interlocked.Increment(ref server._dataCommands));
            if (response.ReplyCode != SmtpReplyCode.Ok)
            {
                return response;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            server._received.Writer.TryWrite(new ReceivedMail(
                $"{transaction.From.User}@{transaction.From.Host}",
                [.. transaction.To.Select(to => $"{to.User}@{to.Host}")],
                user,
                message));
            return response;
        }
    }

    private sealed class Authenticator(TestSmtpServer server, (string User, string Password) expected) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            lock (server.Logins)
            {
                server.Logins.Add((user, password));
            }

            return Task.FromResult(user == expected.User && password == expected.Password);
        }
    }
}
