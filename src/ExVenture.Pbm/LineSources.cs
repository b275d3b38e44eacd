namespace ExVenture.Pbm;

/// <summary>Where the interactive prompt reads lines from.</summary>
public interface ILineSource
{
    /// <summary>A person at a terminal (prompt, banner, line editing), rather than a script piping lines.</summary>
    bool IsTerminal { get; }

    /// <summary>The next line, or null at the end of input (or Ctrl-C/Ctrl-D on an empty line).</summary>
    string? ReadLine(string prompt);
}

/// <summary>Plain lines from a reader, without a prompt or editing: redirected stdin (scripts, tests).</summary>
public sealed class TextLineSource(TextReader reader) : ILineSource
{
    public bool IsTerminal => false;

    public string? ReadLine(string prompt) => reader.ReadLine();
}

/// <summary>
/// The terminal: a <see cref="LineEditor"/> fed by <see cref="Console.ReadKey(bool)"/>, redrawn with ANSI escapes.
/// Ctrl-C is read as a key while editing (so it cancels the line instead of the process) and goes back to being a
/// signal while a command runs (so it stops a stream).
/// </summary>
public sealed class ConsoleLineSource(LineEditor editor) : ILineSource
{
    public bool IsTerminal => true;

    public LineEditor Editor { get; } = editor;

    public string? ReadLine(string prompt)
    {
        var output = Console.Out;
        var previous = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            Editor.Reset();
            output.Write(prompt);
            output.Flush();
            while (true)
            {
                var edit = Editor.Handle(Console.ReadKey(intercept: true));
                switch (edit.Kind)
                {
                    case EditKind.Submit:
                        // The editor is already empty again: show the line as it was sent, and leave it on screen.
                        output.Write($"\r{prompt}{edit.Line}\u001b[K");
                        output.WriteLine();
                        return edit.Line;
                    case EditKind.Exit:
                        output.WriteLine();
                        return null;
                    case EditKind.CancelLine:
                        output.WriteLine("^C");
                        output.Write(prompt);
                        break;
                    case EditKind.ShowCandidates:
                        output.WriteLine();
                        output.WriteLine(string.Join("  ", edit.Candidates!));
                        Render(output, prompt);
                        break;
                    default:
                        Render(output, prompt);
                        break;
                }

                output.Flush();
            }
        }
        finally
        {
            Console.TreatControlCAsInput = previous;
        }
    }

    private void Render(TextWriter output, string prompt)
    {
        output.Write('\r');
        output.Write(prompt);
        output.Write(Editor.Text);
        output.Write("\u001b[K");
        var back = Editor.Text.Length - Editor.Cursor;
        if (back > 0)
        {
            output.Write($"\u001b[{back}D");
        }
    }
}
