using ExVenture.Actors.Operator;

namespace ExVenture.Actors.Tests.Operator;

public sealed class RecentLogLinesTests
{
    [Fact]
    public void Keeps_the_most_recent_lines_oldest_first()
    {
        var log = new RecentLogLines(3);
        foreach (var line in new[] { "one", "two", "three", "four" })
        {
            log.Add(line);
        }

        Assert.Equal(["two", "three", "four"], log.Last(10));
        Assert.Equal(["three", "four"], log.Last(2));
    }
}
