namespace ExVenture.Actors.Operator;

/// <summary>
/// The node's most recent log lines, kept in memory for <c>pbm log peek</c>: an operator on a machine without a log
/// shipper still sees what just happened. Bounded (the oldest line goes first) and safe to write from any thread.
/// </summary>
public sealed class RecentLogLines(int capacity = RecentLogLines.DefaultCapacity)
{
    public const int DefaultCapacity = 500;

    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The last <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<string> Last(int count)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
        }
    }
}
