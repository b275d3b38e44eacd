namespace ExVenture.Pbm.Tests;

public sealed class LineEditorTests
{
    private static ConsoleKeyInfo Key(ConsoleKey key, bool control = false, char c = '\0') => new(c, key, false, false, control);

    private static string Submit(LineEditor editor)
    {
        var edit = editor.Handle(Key(ConsoleKey.Enter, c: '\r'));
        Assert.Equal(EditKind.Submit, edit.Kind);
        return edit.Line!;
    }

    [Fact]
    public void Typing_and_moving_edits_at_the_cursor()
    {
        var editor = new LineEditor();
        editor.Type("clster show");
        editor.Handle(Key(ConsoleKey.Home));
        editor.Handle(Key(ConsoleKey.RightArrow));
        editor.Handle(Key(ConsoleKey.RightArrow));
        editor.Type("u");
        Assert.Equal("cluster show", editor.Text);
        Assert.Equal(3, editor.Cursor);

        editor.Handle(Key(ConsoleKey.End));
        editor.Handle(Key(ConsoleKey.Backspace));
        editor.Handle(Key(ConsoleKey.LeftArrow));
        editor.Handle(Key(ConsoleKey.Delete));
        Assert.Equal("cluster sh", editor.Text);

        editor.Handle(Key(ConsoleKey.A, control: true));
        editor.Handle(Key(ConsoleKey.Delete));
        editor.Handle(Key(ConsoleKey.E, control: true));
        Assert.Equal("luster sh", editor.Text);
        Assert.Equal(editor.Text.Length, editor.Cursor);

        Assert.Equal("luster sh", Submit(editor));
        Assert.Equal("", editor.Text);
        Assert.Equal(0, editor.Cursor);
    }

    [Fact]
    public void Cursor_stays_inside_the_line()
    {
        var editor = new LineEditor();
        editor.Handle(Key(ConsoleKey.LeftArrow));
        editor.Handle(Key(ConsoleKey.Backspace));
        editor.Handle(Key(ConsoleKey.Delete));
        editor.Type("ab");
        editor.Handle(Key(ConsoleKey.RightArrow));
        Assert.Equal(2, editor.Cursor);
    }

    [Fact]
    public void Cutting_words_and_to_either_end()
    {
        var editor = new LineEditor();
        editor.Type("game wall hello there");
        editor.Handle(Key(ConsoleKey.W, control: true));
        Assert.Equal("game wall hello ", editor.Text);

        editor.Handle(Key(ConsoleKey.LeftArrow));
        editor.Handle(Key(ConsoleKey.K, control: true));
        Assert.Equal("game wall hello", editor.Text);

        editor.Handle(Key(ConsoleKey.LeftArrow));
        editor.Handle(Key(ConsoleKey.U, control: true));
        Assert.Equal("o", editor.Text);

        editor.Handle(Key(ConsoleKey.Escape));
        Assert.Equal("", editor.Text);
    }

    [Fact]
    public void History_goes_back_and_forth_and_keeps_the_draft()
    {
        var editor = new LineEditor();
        editor.Type("cluster show");
        Submit(editor);
        editor.Type("cluster show");
        Submit(editor);
        editor.Type("game who");
        Submit(editor);
        editor.Type("   ");
        Submit(editor);
        Assert.Equal(["cluster show", "game who"], editor.History);

        editor.Type("draft");
        editor.Handle(Key(ConsoleKey.UpArrow));
        Assert.Equal("game who", editor.Text);
        editor.Handle(Key(ConsoleKey.UpArrow));
        Assert.Equal("cluster show", editor.Text);
        editor.Handle(Key(ConsoleKey.UpArrow));
        Assert.Equal("cluster show", editor.Text);
        editor.Handle(Key(ConsoleKey.DownArrow));
        Assert.Equal("game who", editor.Text);
        editor.Handle(Key(ConsoleKey.DownArrow));
        Assert.Equal("draft", editor.Text);
        editor.Handle(Key(ConsoleKey.DownArrow));
        Assert.Equal("draft", editor.Text);

        editor.Handle(Key(ConsoleKey.P, control: true));
        Assert.Equal("game who", Submit(editor));
        Assert.Equal(["cluster show", "game who"], editor.History);
    }

    [Fact]
    public void History_is_bounded()
    {
        var editor = new LineEditor(historyLimit: 2);
        foreach (var line in new[] { "a", "b", "c" })
        {
            editor.Type(line);
            Submit(editor);
        }

        Assert.Equal(["b", "c"], editor.History);
    }

    [Fact]
    public void Ctrl_C_drops_a_line_and_leaves_on_an_empty_one()
    {
        var editor = new LineEditor();
        editor.Type("cluster sh");

        Assert.Equal(EditKind.CancelLine, editor.Handle(Key(ConsoleKey.C, control: true, c: '\u0003')).Kind);
        Assert.Equal("", editor.Text);
        Assert.Empty(editor.History);
        Assert.Equal(EditKind.Exit, editor.Handle(Key(ConsoleKey.C, control: true, c: '\u0003')).Kind);
    }

    [Fact]
    public void Ctrl_D_leaves_only_on_an_empty_line()
    {
        var editor = new LineEditor();
        editor.Type("ab");
        editor.Handle(Key(ConsoleKey.Home));

        Assert.Equal(EditKind.Continue, editor.Handle(Key(ConsoleKey.D, control: true)).Kind);
        Assert.Equal("b", editor.Text);
        editor.Handle(Key(ConsoleKey.Delete));
        Assert.Equal(EditKind.Exit, editor.Handle(Key(ConsoleKey.D, control: true)).Kind);
    }

    [Fact]
    public void Tab_completes_through_the_completer_and_lists_when_ambiguous()
    {
        var editor = new LineEditor(new Completion(FakeNode.PaletteList).Complete);
        editor.Type("clu");
        editor.Handle(Key(ConsoleKey.Tab, c: '\t'));
        Assert.Equal("cluster ", editor.Text);
        Assert.Equal(8, editor.Cursor);

        var listed = editor.Handle(Key(ConsoleKey.Tab, c: '\t'));
        Assert.Equal(EditKind.ShowCandidates, listed.Kind);
        Assert.Equal(["down", "show", "tail"], listed.Candidates);

        editor.Type("t");
        editor.Handle(Key(ConsoleKey.Tab, c: '\t'));
        Assert.Equal("cluster tail ", Submit(editor));
    }

    [Fact]
    public void Control_characters_are_not_inserted()
    {
        var editor = new LineEditor();
        editor.Handle(Key(ConsoleKey.Tab, c: '\t'));
        editor.Handle(Key(ConsoleKey.X, control: true, c: '\u0018'));
        editor.Handle(Key(ConsoleKey.F1));
        Assert.Equal("", editor.Text);
    }
}
