using System.Net;
using ExVenture.Server.Accounts;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Accounts;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Home = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("198.51.100.20");

    private readonly ManualTimeProvider _time = new();
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() => _throttle = new SignInThrottle(_time);

    [Fact]
    public void An_account_is_refused_after_its_failure_limit_from_any_address_until_the_oldest_failure_ages_out()
    {
        for (var i = 0; i < SignInThrottle.AccountFailureLimit; i++)
        {
            Assert.Null(_throttle.RetryAfter("alice", Home));
            _throttle.RecordFailure("alice", Home);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // The first failure was five minutes ago: ten more minutes until it leaves the fifteen-minute window.
        Assert.Equal(TimeSpan.FromMinutes(10), _throttle.RetryAfter("Alice", Elsewhere));
        Assert.Null(_throttle.RetryAfter("bob", Elsewhere));

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(_throttle.RetryAfter("alice", Elsewhere));
    }

    [Fact]
    public void An_address_is_refused_after_failing_across_many_usernames()
    {
        for (var i = 0; i < SignInThrottle.AddressFailureLimit; i++)
        {
            _throttle.RecordFailure("user" + i, Home);
        }

        Assert.Equal(SignInThrottle.Window, _throttle.RetryAfter("someone_new", Home));
        Assert.Equal(SignInThrottle.Window, _throttle.RetryAfter("someone_new", IPAddress.Parse("203.0.113.7").MapToIPv6()));
        Assert.Null(_throttle.RetryAfter("someone_new", Elsewhere));
    }

    [Fact]
    public void Success_clears_the_account_but_not_the_address()
    {
        for (var i = 0; i < SignInThrottle.AccountFailureLimit - 1; i++)
        {
            _throttle.RecordFailure("alice", Home);
        }

        _throttle.RecordSuccess("alice");
        _throttle.RecordFailure("alice", Home);

        Assert.Null(_throttle.RetryAfter("alice", null));
    }
}
