namespace ExVenture.Cluster.Tests.Support;

internal static class TestOutput
{
    /// <summary>A line writer for the test's output that background work may call even after the test has ended.</summary>
    public static Action<string> Lines(this ITestOutputHelper output) => line =>
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test is over; nobody reads its output any more.
        }
    };
}
