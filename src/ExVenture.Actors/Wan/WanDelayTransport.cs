using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace ExVenture.Actors.Wan;

/// <summary>
/// Creates <see cref="WanDelayTransport"/> for Akka.Remote, which instantiates adapters by type name from
/// <c>akka.remote.adapters</c> (see <see cref="WanEmulation.Hocon"/>), the way it does its own <c>gremlin</c> and
/// <c>trttl</c> adapters.
/// </summary>
public sealed class WanDelayAdapterProvider : ITransportAdapterProvider
{
    public Transport Create(Transport wrappedTransport, ExtendedActorSystem system) =>
        new WanDelayTransport(wrappedTransport, system, WanEmulation.FromConfig(system.Settings.Config));
}

/// <summary>
/// A transport adapter that delays Akka.Remote traffic to configured nodes (<see cref="WanEmulation"/>): for tests
/// and benchmarks only.
/// <para>
/// Classic remoting carries both directions of an association over the one TCP connection its initiator opened, and
/// the accepting side sees that connection as coming from the initiator's ephemeral port, not from its node address.
/// So only outbound associations are delayed: when this node connects to a listed <c>host:port</c>, every write on that
/// connection and every payload read from it is held back by the one-way delay. Inbound connections pass untouched,
/// as the node at the other end delays them. Each connection is thus delayed once per direction, by whoever opened it,
/// and a round trip over it takes twice the delay. (Akka may open a connection each way between two nodes; each one is
/// delayed by its own initiator's table, so configure both nodes alike.)
/// </para>
/// <para>
/// Unlike <c>gremlin</c> and <c>trttl</c>, this adapter keeps the transport's scheme: node addresses stay
/// <c>akka.tcp://…</c>, so seeds and addresses mean the same with emulation on or off.
/// </para>
/// </summary>
public sealed class WanDelayTransport : Transport
{
    private readonly Transport _wrapped;
    private readonly IReadOnlyDictionary<string, TimeSpan> _delays;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _shutdown = new();

    public WanDelayTransport(Transport wrapped, ExtendedActorSystem system, IReadOnlyDictionary<string, TimeSpan> oneWayDelays)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        ArgumentNullException.ThrowIfNull(system);
        _wrapped = wrapped;
        _delays = oneWayDelays;
        System = system;
        Config = wrapped.Config;
        _log = Logging.GetLogger(system, this);
    }

    public override string SchemeIdentifier => _wrapped.SchemeIdentifier;

    public override long MaximumPayloadBytes => _wrapped.MaximumPayloadBytes;

    /// <summary>The one-way delay towards a node address; zero when it is not listed.</summary>
    public TimeSpan DelayTo(Address remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return remote.Host is { } host && remote.Port is { } port && _delays.TryGetValue(WanEmulation.Key(host, port), out var delay)
            ? delay
            : TimeSpan.Zero;
    }

    /// <summary>Listens through the wrapped transport; inbound associations are handed up untouched.</summary>
    public override Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        _log.Warning(
            "WAN emulation is on, for tests and benchmarks only: connections this node opens are delayed one way by {0}",
            _delays.Count == 0 ? "nothing (no address listed)" : string.Join(", ", _delays.Select(d => $"{d.Key} {d.Value.TotalMilliseconds}ms")));
        return _wrapped.Listen();
    }

    public override bool IsResponsibleFor(Address remote) => _wrapped.IsResponsibleFor(remote);

    public override async Task<AssociationHandle> Associate(Address remoteAddress)
    {
        var handle = await _wrapped.Associate(remoteAddress).ConfigureAwait(false);
        var delay = DelayTo(remoteAddress);
        return delay > TimeSpan.Zero ? new DelayedAssociationHandle(handle, delay, _log, _shutdown.Token) : handle;
    }

    public override async Task<bool> Shutdown()
    {
        // Pending delayed traffic is dropped, as a link that goes down loses what is in flight.
        await _shutdown.CancelAsync().ConfigureAwait(false);
        return await _wrapped.Shutdown().ConfigureAwait(false);
    }

    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);
}

/// <summary>
/// An outbound association whose writes and reads each wait out the one-way delay, in order. A disassociation asked
/// for by this side goes out after the writes before it; one reported by the connection comes up after the payloads
/// before it.
/// </summary>
internal sealed class DelayedAssociationHandle : AssociationHandle, IHandleEventListener
{
    private readonly AssociationHandle _wrapped;
    private readonly ILoggingAdapter _log;

    /// <summary>Payloads to write; null stands for "disassociate", which must keep its place behind them.</summary>
    private readonly DelayLine<ByteString?> _outbound;
    private readonly DelayLine<IHandleEvent> _inbound;
    private volatile IHandleEventListener? _upstream;
    private volatile bool _closed;

    public DelayedAssociationHandle(AssociationHandle wrapped, TimeSpan delay, ILoggingAdapter log, CancellationToken shutdown)
        : base(wrapped.LocalAddress, wrapped.RemoteAddress)
    {
        _wrapped = wrapped;
        _log = log;
        _outbound = new DelayLine<ByteString?>(delay, WriteNow, Failed, shutdown);
        _inbound = new DelayLine<IHandleEvent>(delay, ev => _upstream!.Notify(ev), Failed, shutdown);

        // Reads start only once the layer above has registered: then this handle registers itself below.
        ReadHandlerSource.Task.ContinueWith(
            registered =>
            {
                _upstream = registered.Result;
                _wrapped.ReadHandlerSource.TrySetResult(this);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    /// <summary>Queues the payload and accepts it. Once the connection is known to be closed, answers false as the TCP
    /// handle itself would (remoting buffers and retries); the <see cref="Disassociated"/> that follows, delayed like
    /// the payloads before it, ends the association.</summary>
    public override bool Write(ByteString payload)
    {
        if (_closed)
        {
            return false;
        }

        _outbound.Enqueue(payload);
        return true;
    }

#pragma warning disable CS0672 // Overrides the obsolete member: it is the one the base class's Disassociate(reason, log) calls.
    public override void Disassociate() => _outbound.Enqueue(null);
#pragma warning restore CS0672

    public void Notify(IHandleEvent ev)
    {
        if (ev is Disassociated)
        {
            _closed = true;
        }

        _inbound.Enqueue(ev);
    }

    private void WriteNow(ByteString? payload)
    {
        if (payload is null)
        {
            _closed = true;
#pragma warning disable CS0618 // The reason was logged by whoever asked this handle to disassociate.
            _wrapped.Disassociate();
#pragma warning restore CS0618
        }
        else if (!_wrapped.Write(payload))
        {
            // The connection closed while the payload was in flight: lost, like bytes on a dropped link.
            _closed = true;
        }
    }

    private void Failed(Exception e) => _log.Error(e, "WAN emulation: delayed traffic with {0} failed", RemoteAddress);
}
