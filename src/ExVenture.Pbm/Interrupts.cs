namespace ExVenture.Pbm;

/// <summary>
/// Ctrl-C while a command runs: <see cref="Begin"/> hands the running command a token, <see cref="Interrupt"/>
/// (Console.CancelKeyPress) cancels it. With nothing running, Ctrl-C is not ours and ends the process as usual.
/// </summary>
public sealed class Interrupts
{
    private CancellationTokenSource? _current;

    /// <summary>A command starts: its token is cancelled by the next <see cref="Interrupt"/>.</summary>
    public CancellationTokenSource Begin()
    {
        var source = new CancellationTokenSource();
        Interlocked.Exchange(ref _current, source);
        return source;
    }

    public void End(CancellationTokenSource source)
    {
        Interlocked.CompareExchange(ref _current, null, source);
        source.Dispose();
    }

    /// <summary>Cancels the running command; false when nothing runs.</summary>
    public bool Interrupt()
    {
        var current = Volatile.Read(ref _current);
        if (current is null)
        {
            return false;
        }

        try
        {
            current.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }
}
