namespace ExVenture.Server.Accounts;

/// <summary>
/// Runs password hashing (deliberately slow: tens of milliseconds of CPU each) at most <c>concurrency</c> at a
/// time, first come first served, with at most <c>queueLimit</c> waiting. Without it, a storm of sign-ins takes
/// every thread-pool thread and every core, and the players already in the game, whose actors run on the same
/// pool, wait seconds for their answers. With it, hashing never holds more than half the cores; sign-ins beyond
/// the queue are refused at once (503 with Retry-After) rather than piling up.
/// </summary>
public sealed class PasswordGate(int concurrency, int queueLimit)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private int _waiting;

    /// <summary>Half the cores, at least one.</summary>
    public static int DefaultConcurrency => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Sign-ins that may wait: about a second and a half of hashing on one core; past that a quick
    /// "try again" serves a person better than a long wait.</summary>
    public const int DefaultQueueLimit = 16;

    /// <summary>Runs <paramref name="work"/> once a slot is free.</summary>
    /// <exception cref="PasswordGateFullException">Too many are already waiting.</exception>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            throw new PasswordGateFullException();
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }
}

/// <summary>The password gate's queue is full: the caller should try again shortly.</summary>
public sealed class PasswordGateFullException() : Exception("Too many sign-ins at once.");
