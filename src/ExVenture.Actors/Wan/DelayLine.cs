namespace ExVenture.Actors.Wan;

/// <summary>
/// A first-in first-out line that hands each item on no earlier than a constant delay after it went in, in the order
/// the items went in: one direction of an emulated long-distance link. With a constant delay the due times only grow,
/// so a plain queue stays sorted and one pump at a time delivers it in order.
/// <para>
/// No thread waits: while items are pending, a single async pump awaits the head's due time on a timer, then delivers
/// every item that is due by then, in one go (a burst costs one timer, not one per item). When the line empties the
/// pump ends; the next item starts another.
/// </para>
/// </summary>
internal sealed class DelayLine<T>
{
    private readonly Queue<(long Due, T Item)> _pending = new();
    private readonly long _delayTicks;
    private readonly Action<T> _deliver;
    private readonly Action<Exception> _failed;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopped;
    private bool _pumping;

    /// <param name="delay">How long every item is held back.</param>
    /// <param name="deliver">Hands an item on; called by one pump at a time, in order.</param>
    /// <param name="failed">Told when <paramref name="deliver"/> throws; the line carries on with the next item.</param>
    /// <param name="stopped">When cancelled, pending items are dropped and new ones ignored (the transport shut down).</param>
    /// <param name="time">The clock and timers; <see cref="TimeProvider.System"/> outside tests.</param>
    public DelayLine(TimeSpan delay, Action<T> deliver, Action<Exception> failed, CancellationToken stopped, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        _delayTicks = (long)Math.Ceiling(delay.TotalSeconds * _time.TimestampFrequency);
        _deliver = deliver;
        _failed = failed;
        _stopped = stopped;
    }

    public void Enqueue(T item)
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        bool start;
        lock (_pending)
        {
            // Stamped under the lock: the order of the queue is the order of the stamps.
            _pending.Enqueue((_time.GetTimestamp() + _delayTicks, item));
            start = !_pumping;
            _pumping = true;
        }

        if (start)
        {
            // Not inline: the caller (a remoting actor, a socket read) must never run the deliveries itself.
            _ = Task.Run(PumpAsync, CancellationToken.None);
        }
    }

    private async Task PumpAsync()
    {
        var due = new List<T>();
        while (true)
        {
            long wait;
            lock (_pending)
            {
                if (_stopped.IsCancellationRequested)
                {
                    _pending.Clear();
                }

                if (!_pending.TryPeek(out var head))
                {
                    _pumping = false;
                    return;
                }

                var now = _time.GetTimestamp();
                wait = head.Due - now;
                while (wait <= 0 && _pending.TryPeek(out var next) && next.Due <= now)
                {
                    due.Add(_pending.Dequeue().Item);
                }
            }

            if (wait > 0)
            {
                try
                {
                    // Rounded up to whole milliseconds (timer resolution); the loop checks the clock again anyway.
                    var milliseconds = Math.Ceiling(wait * 1000.0 / _time.TimestampFrequency);
                    await Task.Delay(TimeSpan.FromMilliseconds(milliseconds), _time, _stopped).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Shut down: the next turn drops what is left.
                }

                continue;
            }

            foreach (var item in due)
            {
                try
                {
                    _deliver(item);
                }
#pragma warning disable CA1031 // One bad item must not stall the line behind it; the owner hears of it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _failed(e);
                }
            }

            due.Clear();
        }
    }
}
