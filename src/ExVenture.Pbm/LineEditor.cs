namespace ExVenture.Pbm;

public enum EditKind
{
    /// <summary>The line changed (or nothing happened): redraw it.</summary>
    Continue,

    /// <summary>Enter: <see cref="Edit.Line"/> is the line; the editor is empty again.</summary>
    Submit,

    /// <summary>Ctrl-C on a line with text: the line is dropped; start a new prompt.</summary>
    CancelLine,

    /// <summary>Ctrl-C or Ctrl-D on an empty line: leave the prompt.</summary>
    Exit,

    /// <summary>Tab could not decide: list <see cref="Edit.Candidates"/> under the line, then redraw it.</summary>
    ShowCandidates,
}

public readonly record struct Edit(EditKind Kind, string? Line = null, IReadOnlyList<string>? Candidates = null);

/// <summary>
/// The prompt's line editor without the console: a buffer, a cursor, history (Up/Down, Ctrl-P/Ctrl-N) and Tab
/// completion. Keys: Left/Right, Home/End (Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U/Ctrl-K (cut to start/end),
/// Ctrl-W (cut a word), Escape (clear), Ctrl-C (drop the line, or leave on an empty one), Ctrl-D (leave on an empty line).
/// </summary>
public sealed class LineEditor(Func<string, int, CompletionResult>? complete = null, int historyLimit = 500)
{
    private readonly List<string> _history = [];
    private int _historyIndex;
    private string _draft = "";

    public string Text { get; private set; } = "";

    public int Cursor { get; private set; }

    public IReadOnlyList<string> History => _history;

    /// <summary>Adds a line to the history (not blank lines, nor the same line twice in a row).</summary>
    public void Remember(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (_history.Count > 0 && _history[^1] == line))
        {
            _historyIndex = _history.Count;
            return;
        }

        _history.Add(line);
        if (_history.Count > historyLimit)
        {
            _history.RemoveAt(0);
        }

        _historyIndex = _history.Count;
    }

    public Edit Handle(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = Text;
                Remember(line);
                Reset();
                return new Edit(EditKind.Submit, line);
            case ConsoleKey.C when control:
                if (Text.Length == 0)
                {
                    return new Edit(EditKind.Exit);
                }

                Reset();
                return new Edit(EditKind.CancelLine);
            case ConsoleKey.D when control:
                if (Text.Length == 0)
                {
                    return new Edit(EditKind.Exit);
                }

                DeleteForward();
                break;
            case ConsoleKey.LeftArrow or ConsoleKey.B when key.Key == ConsoleKey.LeftArrow || control:
                Cursor = Math.Max(0, Cursor - 1);
                break;
            case ConsoleKey.RightArrow or ConsoleKey.F when key.Key == ConsoleKey.RightArrow || control:
                Cursor = Math.Min(Text.Length, Cursor + 1);
                break;
            case ConsoleKey.Home or ConsoleKey.A when key.Key == ConsoleKey.Home || control:
                Cursor = 0;
                break;
            case ConsoleKey.End or ConsoleKey.E when key.Key == ConsoleKey.End || control:
                Cursor = Text.Length;
                break;
            case ConsoleKey.Backspace or ConsoleKey.H when key.Key == ConsoleKey.Backspace || control:
                if (Cursor > 0)
                {
                    Text = Text.Remove(Cursor - 1, 1);
                    Cursor--;
                }

                break;
            case ConsoleKey.Delete:
                DeleteForward();
                break;
            case ConsoleKey.U when control:
                Text = Text[Cursor..];
                Cursor = 0;
                break;
            case ConsoleKey.K when control:
                Text = Text[..Cursor];
                break;
            case ConsoleKey.W when control:
                var start = Cursor;
                while (start > 0 && char.IsWhiteSpace(Text[start - 1]))
                {
                    start--;
                }

                while (start > 0 && !char.IsWhiteSpace(Text[start - 1]))
                {
                    start--;
                }

                Text = Text.Remove(start, Cursor - start);
                Cursor = start;
                break;
            case ConsoleKey.Escape:
                Text = "";
                Cursor = 0;
                break;
            case ConsoleKey.UpArrow or ConsoleKey.P when key.Key == ConsoleKey.UpArrow || control:
                Previous();
                break;
            case ConsoleKey.DownArrow or ConsoleKey.N when key.Key == ConsoleKey.DownArrow || control:
                Next();
                break;
            case ConsoleKey.Tab:
                if (complete is null)
                {
                    break;
                }

                var result = complete(Text, Cursor);
                Text = result.Line;
                Cursor = Math.Clamp(result.Cursor, 0, Text.Length);
                if (result.Candidates.Count > 0)
                {
                    return new Edit(EditKind.ShowCandidates, Candidates: result.Candidates);
                }

                break;
            default:
                if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0' && !control)
                {
                    Text = Text.Insert(Cursor, key.KeyChar.ToString());
                    Cursor++;
                }

                break;
        }

        return new Edit(EditKind.Continue);
    }

    /// <summary>Types <paramref name="text"/> as if each character were a key (tests, pasted text).</summary>
    public void Type(string text)
    {
        foreach (var c in text)
        {
            Handle(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));
        }
    }

    public void Reset()
    {
        Text = "";
        Cursor = 0;
        _draft = "";
        _historyIndex = _history.Count;
    }

    private void DeleteForward()
    {
        if (Cursor < Text.Length)
        {
            Text = Text.Remove(Cursor, 1);
        }
    }

    private void Previous()
    {
        if (_historyIndex == 0)
        {
            return;
        }

        if (_historyIndex == _history.Count)
        {
            _draft = Text;
        }

        _historyIndex--;
        Text = _history[_historyIndex];
        Cursor = Text.Length;
    }

    private void Next()
    {
        if (_historyIndex >= _history.Count)
        {
            return;
        }

        _historyIndex++;
        Text = _historyIndex == _history.Count ? _draft : _history[_historyIndex];
        Cursor = Text.Length;
    }
}
