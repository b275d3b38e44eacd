using System.Text;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Commands;

/// <summary>
/// Turns one line of player input into a <see cref="PlayerCommand"/>. Pure and total: it never throws.
/// </summary>
/// <remarks>
/// <para>
/// Cleaning: tabs, line breaks and the other whitespace control characters become spaces; every other control
/// character (C0, DEL, C1) and the bidirectional embedding/override/isolate marks (U+202A–U+202E, U+2066–U+2069)
/// are removed; then the line is trimmed. Nothing else changes: runs of spaces inside a message are kept and any
/// ordinary Unicode (accents, emoji, joiners) passes through. A line that is empty after cleaning is <see cref="Empty"/>.
/// A cleaned line longer than <see cref="MaxInputLength"/> UTF-16 characters is <see cref="Malformed"/>.
/// </para>
/// <para>
/// The verb is the first whitespace-separated word, matched case-insensitively and exactly against
/// <see cref="CommandWords"/>: never by prefix, so <c>dance</c> is <see cref="Unknown"/>, not "down".
/// <c>'</c> and <c>:</c> may be glued to the text: <c>'hello</c> is <c>say hello</c> and <c>:waves</c> is <c>emote waves</c>.
/// </para>
/// <para>Grammar (aliases after the bar; "rest" is the rest of the line, trimmed):</para>
/// <list type="bullet">
/// <item><c>look|l</c>, <c>who</c>, <c>inventory|inv|i</c>, <c>info|score</c>, <c>map</c>, and the directions
/// <c>north|n south|s east|e west|w up|u down|d</c>: any words after the verb are ignored
/// (<c>look around</c> is <see cref="Look"/>, <c>north please</c> is <see cref="Move"/>).</item>
/// <item><c>quit</c>: must stand alone; <c>quit now</c> is <see cref="Malformed"/> so a stray word can't end a session.</item>
/// <item><c>say|' rest</c>; <c>say @name rest</c> (one-word name); <c>say @"two words" rest</c> (curly quotes work too).</item>
/// <item><c>tell name rest</c>, <c>whisper name rest</c>: the name is one word; a leading <c>@</c> on it is dropped.</item>
/// <item><c>reply|r rest</c>, <c>emote|: rest</c>.</item>
/// <item><c>get|take rest</c>, <c>drop rest</c>: one leading article ("the", "a", "an") is dropped when more follows.</item>
/// <item><c>help|?</c> gives <c>Help(null)</c>; <c>help rest</c> gives <c>Help(rest)</c>.</item>
/// </list>
/// </remarks>
public static class CommandParser
{
    /// <summary>The longest line, in UTF-16 characters after cleaning, the parser accepts.</summary>
    public const int MaxInputLength = 1000;

    /// <summary>What to tell a player who sent an <see cref="Empty"/> line, if anything.</summary>
    public const string EmptyHint = "Type a command, or 'help'.";

    /// <summary>The <see cref="Malformed.Problem"/> for lines longer than <see cref="MaxInputLength"/>.</summary>
    public const string TooLongProblem = "That is too long (at most 1000 characters).";

    private const string SayUsage = "Say what? Try: say hello";
    private const string SayToUsage = "Say what, to whom? Try: say @alice hello, or say @\"Old Tom\" hello";
    private const string SayQuoteUsage = "Close the quotes around the name. Try: say @\"Old Tom\" hello";
    private const string TellUsage = "Tell whom what? Try: tell alice hello";
    private const string WhisperUsage = "Whisper what to whom? Try: whisper alice psst";
    private const string ReplyUsage = "Reply with what? Try: reply thanks";
    private const string EmoteUsage = "Do what? Try: emote waves";
    private const string GeneralUsage = "Say what to everyone? Try: general hello all";
    private const string GetUsage = "Get what? Try: get lantern";
    private const string DropUsage = "Drop what? Try: drop lantern";
    private const string QuitUsage = "To leave the game, type quit on its own. Try: quit";

    /// <summary>How much of an unknown first word a too-long <see cref="Malformed"/> keeps as its verb.</summary>
    private const int MaxEchoedWordLength = 40;

    private static readonly VerbSpec[] Verbs =
    [
        new("look", ["l"], _ => new Look()),
        new("north", ["n"], _ => new Move(Direction.North)),
        new("south", ["s"], _ => new Move(Direction.South)),
        new("east", ["e"], _ => new Move(Direction.East)),
        new("west", ["w"], _ => new Move(Direction.West)),
        new("up", ["u"], _ => new Move(Direction.Up)),
        new("down", ["d"], _ => new Move(Direction.Down)),
        new("say", ["'"], ParseSay),
        new("tell", [], rest => ParseTargeted("tell", rest, TellUsage, (target, text) => new Tell(target, text))),
        new("reply", ["r"], rest => rest.Length == 0 ? new Malformed("reply", ReplyUsage) : new Reply(rest)),
        new("whisper", [], rest => ParseTargeted("whisper", rest, WhisperUsage, (target, text) => new Whisper(target, text))),
        new("emote", [":"], rest => rest.Length == 0 ? new Malformed("emote", EmoteUsage) : new Emote(rest)),
        new("general", ["gen"], rest => rest.Length == 0 ? new Malformed("general", GeneralUsage) : new General(rest)),
        new("who", [], _ => new Who()),
        new("inventory", ["inv", "i"], _ => new ShowInventory()),
        new("get", ["take"], rest => ParseItem("get", rest, GetUsage, item => new Get(item))),
        new("drop", [], rest => ParseItem("drop", rest, DropUsage, item => new Drop(item))),
        new("info", ["score"], _ => new Info()),
        new("map", [], _ => new ShowMap()),
        new("help", ["?"], rest => new Help(rest.Length == 0 ? null : rest)),
        new("quit", [], rest => rest.Length == 0 ? new Quit() : new Malformed("quit", QuitUsage)),
    ];

    private static readonly Dictionary<string, VerbSpec> VerbsByWord = Verbs
        .SelectMany(verb => verb.Words.Select(word => (word, verb)))
        .ToDictionary(pair => pair.word, pair => pair.verb, StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Articles = ["the", "a", "an"];

    /// <summary>Every verb and alias the parser knows, lower case, each verb followed by its aliases.</summary>
    public static IReadOnlyList<string> CommandWords { get; } = Verbs.SelectMany(verb => verb.Words).ToArray();

    /// <summary>Parses one line of input; see the class remarks for the grammar.</summary>
    public static PlayerCommand Parse(string? input)
    {
        var line = Clean(input);
        if (line.Length == 0)
        {
            return new Empty();
        }

        var (word, rest) = SplitVerb(line);
        VerbsByWord.TryGetValue(word, out var verb);

        if (line.Length > MaxInputLength)
        {
            return new Malformed(verb?.Name ?? Shorten(word), TooLongProblem);
        }

        return verb is null ? new Unknown(word) : verb.Parse(rest);
    }

    private static PlayerCommand ParseSay(string rest)
    {
        if (rest.Length == 0)
        {
            return new Malformed("say", SayUsage);
        }

        if (rest[0] != '@')
        {
            return new Say(rest, null);
        }

        var afterAt = rest[1..];
        string name;
        string text;
        if (afterAt.Length > 0 && afterAt[0] is '"' or '“')
        {
            var closing = afterAt[0] == '“' ? '”' : '"';
            var end = afterAt.IndexOf(closing, 1);
            if (end < 0)
            {
                return new Malformed("say", SayQuoteUsage);
            }

            name = afterAt[1..end].Trim();
            text = afterAt[(end + 1)..].Trim();
        }
        else
        {
            (name, text) = SplitFirstWord(afterAt);
        }

        return name.Length == 0 || text.Length == 0 ? new Malformed("say", SayToUsage) : new Say(text, name);
    }

    private static PlayerCommand ParseTargeted(
        string verb, string rest, string usage, Func<string, string, PlayerCommand> create)
    {
        var (target, text) = SplitFirstWord(rest);
        if (target.StartsWith('@'))
        {
            target = target[1..];
        }

        return target.Length == 0 || text.Length == 0 ? new Malformed(verb, usage) : create(target, text);
    }

    private static PlayerCommand ParseItem(string verb, string rest, string usage, Func<string, PlayerCommand> create)
    {
        var (first, remainder) = SplitFirstWord(rest);
        var item = remainder.Length > 0 && Articles.Contains(first, StringComparer.OrdinalIgnoreCase) ? remainder : rest;
        return item.Length == 0 ? new Malformed(verb, usage) : create(item);
    }

    /// <summary>The verb and the trimmed rest; <c>'</c> and <c>:</c> count as a whole verb even when glued to the text.</summary>
    private static (string Word, string Remainder) SplitVerb(string line) =>
        line[0] is '\'' or ':' ? (line[..1], line[1..].TrimStart()) : SplitFirstWord(line);

    private static (string Word, string Remainder) SplitFirstWord(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return (text[..i], text[(i + 1)..].Trim());
            }
        }

        return (text, "");
    }

    private static string Clean(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        var cleaned = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (IsLineBreakOrTab(c))
            {
                cleaned.Append(' ');
            }
            else if (!char.IsControl(c) && !IsBidiControl(c))
            {
                cleaned.Append(c);
            }
        }

        return cleaned.ToString().Trim();
    }

    private static bool IsLineBreakOrTab(char c) =>
        (char.IsControl(c) && char.IsWhiteSpace(c)) || c is '\u2028' or '\u2029';

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Shorten(string word)
    {
        if (word.Length <= MaxEchoedWordLength)
        {
            return word;
        }

        var length = char.IsHighSurrogate(word[MaxEchoedWordLength - 1]) ? MaxEchoedWordLength - 1 : MaxEchoedWordLength;
        return word[..length];
    }

    private sealed record VerbSpec(string Name, string[] Aliases, Func<string, PlayerCommand> Parse)
    {
        public IEnumerable<string> Words => [Name, .. Aliases];
    }
}
