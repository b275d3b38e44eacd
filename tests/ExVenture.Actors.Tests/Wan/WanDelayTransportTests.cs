using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using ExVenture.Actors.Wan;

namespace ExVenture.Actors.Tests.Wan;

/// <summary>
/// Two actor systems in one process, talking over real loopback remoting: "near" lists "far" at a one-way delay, far
/// lists nothing. Only lower bounds on time are asserted (a loaded machine is slow, never fast).
/// </summary>
public sealed class WanDelayTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan OneWay = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ActorSystem _far = null!;
    private ActorSystem _near = null!;
    private Address _farAddress = null!;

    public Task InitializeAsync()
    {
        _far = ActorSystem.Create("far", Remoting());
        _farAddress = ((ExtendedActorSystem)_far).Provider.DefaultAddress;
        var delays = new Dictionary<string, TimeSpan> { [WanEmulation.Key(_farAddress.Host!, _farAddress.Port!.Value)] = OneWay };
        _near = ActorSystem.Create("near", WanEmulation.Hocon(delays).WithFallback(Remoting()));
        _far.ActorOf(Props.Create(() => new Echo()), "echo");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_near.Terminate(), _far.Terminate());
    }

    [Fact]
    public async Task A_round_trip_to_a_delayed_node_takes_at_least_twice_the_one_way_delay()
    {
        var echo = await ResolveEchoAsync();

        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.Equal($"ping {i}", await echo.Ask<string>($"ping {i}", Patience));
            watch.Stop();

            // The request waits out the delay on its way out, the answer on its way back over the same connection.
            Assert.True(watch.Elapsed >= 2 * OneWay, $"round trip {i} took {watch.Elapsed.TotalMilliseconds} ms, less than {2 * OneWay.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task A_burst_of_a_thousand_messages_arrives_in_order_both_ways()
    {
        const int Count = 1_000;
        var echo = await ResolveEchoAsync();
        var echoed = new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = _near.ActorOf(Props.Create(() => new Collector(Count, echoed)));

        for (var i = 0; i < Count; i++)
        {
            echo.Tell(i, collector);
        }

        var answers = await echoed.Task.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, Count), answers);
        var received = await echo.Ask<string>(Echo.WhatDidYouReceive, Patience);
        Assert.Equal(Enumerable.Range(0, Count), received.Split(',').Select(int.Parse));
    }

    [Fact]
    public async Task A_watcher_hears_that_an_actor_on_a_delayed_node_stopped_when_that_node_shuts_down()
    {
        var echo = await ResolveEchoAsync();
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = _near.ActorOf(Props.Create(() => new Watcher(echo, terminated)));
        Assert.Equal("watching", await watcher.Ask<string>("ready?", Patience));

        await _far.Terminate();

        await terminated.Task.WaitAsync(Patience);
    }

    private async Task<IActorRef> ResolveEchoAsync() =>
        await _near.ActorSelection(new RootActorPath(_farAddress) / "user" / "echo").ResolveOne(Patience);

    private static Config Remoting() =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            """);

    /// <summary>Answers every message with itself, and keeps the numbers it was sent (strings and numbers only: they
    /// travel with Akka's own serializers).</summary>
    private sealed class Echo : ReceiveActor
    {
        public const string WhatDidYouReceive = "what did you receive?";

        public Echo()
        {
            var received = new List<int>();
            Receive<string>(s => s == WhatDidYouReceive, _ => Sender.Tell(string.Join(",", received)));
            Receive<int>(n =>
            {
                received.Add(n);
                Sender.Tell(n);
            });
            ReceiveAny(message => Sender.Tell(message));
        }
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(int expected, TaskCompletionSource<IReadOnlyList<int>> done)
        {
            var received = new List<int>();
            Receive<int>(n =>
            {
                received.Add(n);
                if (received.Count == expected)
                {
                    done.TrySetResult(received);
                }
            });
        }
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef watched, TaskCompletionSource terminated)
        {
            Context.Watch(watched);
            Receive<string>(_ => Sender.Tell("watching"));
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(watched))
                {
                    terminated.TrySetResult();
                }
            });
        }
    }
}
