using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace ExVenture.Actors.ClusterFormation;

/// <summary>The two DNS questions cluster discovery asks. An empty answer (no such name, no records) is an empty list;
/// a server that cannot be reached or answers with an error throws <see cref="DnsLookupException"/>.</summary>
public interface IDnsLookup
{
    /// <summary>Where the questions go, for log lines ("fdaa::3:53", "the system resolver").</summary>
    string Server { get; }

    Task<IReadOnlyList<IPAddress>> AaaaAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A DNS lookup failed (timeout, refused, server failure): worth a retry, never a crash.</summary>
public sealed class DnsLookupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// <see cref="IDnsLookup"/> with the DnsClient package: asks <paramref name="server"/> (on Fly <c>fdaa::3</c> port 53;
/// in tests a local stub) or, when null, the resolvers of the machine. No cache: a machine that just started must be
/// seen at the next question.
/// </summary>
public sealed class DnsClientLookup : IDnsLookup
{
    private readonly LookupClient _client;

    public DnsClientLookup(IPEndPoint? server, TimeSpan? timeout = null)
    {
        var options = server is null ? new LookupClientOptions() : new LookupClientOptions(server);
        options.UseCache = false;
        options.Timeout = timeout ?? TimeSpan.FromSeconds(2);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        _client = new LookupClient(options);
        Server = server?.ToString() ?? "the system resolver";
    }

    public string Server { get; }

    public async Task<IReadOnlyList<IPAddress>> AaaaAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync(name, QueryType.AAAA, cancellationToken)).OfType<AaaaRecord>().Select(r => r.Address).ToList();

    public async Task<IReadOnlyList<string>> TxtAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync(name, QueryType.TXT, cancellationToken)).OfType<TxtRecord>().Select(r => string.Concat(r.Text)).ToList();

    private async Task<IReadOnlyList<DnsResourceRecord>> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            throw new DnsLookupException($"{type} {name} via {Server}: {e.Message}", e);
        }

        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new DnsLookupException($"{type} {name} via {Server}: {response.ErrorMessage}");
        }

        return response.Answers;
    }
}
