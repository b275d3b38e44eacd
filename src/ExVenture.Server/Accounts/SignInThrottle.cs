using System.Collections.Concurrent;
using System.Net;

namespace ExVenture.Server.Accounts;

/// <summary>
/// Slows password guessing: after <see cref="AccountFailureLimit"/> failed sign-ins for one username, or
/// <see cref="AddressFailureLimit"/> from one client address, within <see cref="Window"/>, further attempts are refused
/// before any password is hashed, until the oldest failure in the window ages out. A successful sign-in clears its
/// username's failures. Only failures count, so players and bots that know their passwords are never slowed.
/// </summary>
/// <remarks>
/// The counts are per node and in memory: a guesser spread over every node of a cluster gets the limit once per node,
/// and a restart forgets. That still turns millions of guesses into dozens, without a database write per failure.
/// </remarks>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int AccountFailureLimit = 5;
    public const int AddressFailureLimit = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>Past this many tracked keys, expired ones are swept out before a new key is added.</summary>
    private const int SweepThreshold = 50_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until this username or address may try again; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string username, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var account = Wait(AccountKey(username), AccountFailureLimit, now);
        var client = address is null ? null : Wait(AddressKey(address), AddressFailureLimit, now);
        return (account, client) switch
        {
            (null, null) => null,
            ({ } a, { } c) => a > c ? a : c,
            _ => account ?? client,
        };
    }

    public void RecordFailure(string username, IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= SweepThreshold)
        {
            Sweep(now);
        }

        _failures.GetOrAdd(AccountKey(username), _ => new Failures()).Add(now);
        if (address is not null)
        {
            _failures.GetOrAdd(AddressKey(address), _ => new Failures()).Add(now);
        }
    }

    public void RecordSuccess(string username) => _failures.TryRemove(AccountKey(username), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var failures) ? failures.Wait(limit, now) : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (failures.AllExpired(now))
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string username) => "u:" + AccountStore.Key(username);

    private static string AddressKey(IPAddress address) => "a:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>The times of recent failures for one key, oldest first, never more than the largest limit.</summary>
    private sealed class Failures
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public void Add(DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                _times.Enqueue(now);
                while (_times.Count > AddressFailureLimit)
                {
                    _times.Dequeue();
                }
            }
        }

        public TimeSpan? Wait(int limit, DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                if (_times.Count < limit)
                {
                    return null;
                }

                // Refused until enough failures age out to leave room for one more attempt.
                return _times.ElementAt(_times.Count - limit) + Window - now;
            }
        }

        public bool AllExpired(DateTimeOffset now)
        {
            lock (_times)
            {
                Expire(now);
                return _times.Count == 0;
            }
        }

        private void Expire(DateTimeOffset now)
        {
            while (_times.Count > 0 && _times.Peek() + Window <= now)
            {
                _times.Dequeue();
            }
        }
    }
}
