using ExVenture.Server.Accounts;

namespace ExVenture.Server.Tests.Accounts;

/// <summary>The gate keeps password hashing from taking every core: a fixed number run at once, a bounded number
/// wait, and the rest are refused at once.</summary>
public sealed class PasswordGateTests
{
    [Fact]
    public async Task No_more_than_the_concurrency_run_at_once_and_the_rest_wait_their_turn()
    {
        var gate = new PasswordGate(concurrency: 2, queueLimit: 10);
        using var release = new ManualResetEventSlim();
        var running = 0;
        var mostAtOnce = 0;
        var started = new CountdownEvent(2);

        int Work()
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            started.Signal();
            release.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref running);
            return now;
        }

        var calls = Enumerable.Range(0, 5).Select(_ => Task.Run(() => gate.RunAsync(Work, CancellationToken.None))).ToList();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "two hashes should start");
        Assert.Equal(2, Volatile.Read(ref running));
        Assert.All(calls, c => Assert.False(c.IsCompleted));

        started.Reset(3);
        release.Set();
        await Task.WhenAll(calls);

        Assert.Equal(2, mostAtOnce);
    }

    [Fact]
    public async Task Past_the_queue_limit_a_call_is_refused_at_once_and_the_gate_recovers()
    {
        var gate = new PasswordGate(concurrency: 1, queueLimit: 1);
        var holding = new TaskCompletionSource();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => gate.RunAsync(() => { holding.SetResult(); release.Wait(TimeSpan.FromSeconds(30)); return 1; }, CancellationToken.None));
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = gate.RunAsync(() => 2, CancellationToken.None); // waits for the slot

        await Assert.ThrowsAsync<PasswordGateFullException>(() => gate.RunAsync(() => 3, CancellationToken.None));

        release.Set();
        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        Assert.Equal(4, await gate.RunAsync(() => 4, CancellationToken.None));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
