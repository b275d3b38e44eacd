using System.Text;

namespace ExVenture.Pbm.Tests;

/// <summary>A thread-safe writer that keeps what was written and lets a test wait for a line to appear.</summary>
public sealed class CapturingWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Line, TaskCompletionSource Seen)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value == '\n')
            {
                var lines = _text.ToString().Split('\n');
                foreach (var waiter in _waiters.Where(w => lines.Contains(w.Line)).ToList())
                {
                    waiter.Seen.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    /// <summary>Completes once a whole line equal to <paramref name="line"/> has been written.</summary>
    public Task WaitForLineAsync(string line)
    {
        lock (_text)
        {
            if (_text.ToString().Split('\n').Contains(line))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((line, seen));
            return seen.Task;
        }
    }
}
