using ExVenture.Domain.Commands;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Tests.Commands;

public sealed class CommandParserTests
{
    public static TheoryData<string, PlayerCommand> EveryVerbAndAlias => new()
    {
        { "look", new Look() },
        { "l", new Look() },
        { "north", new Move(Direction.North) },
        { "n", new Move(Direction.North) },
        { "south", new Move(Direction.South) },
        { "s", new Move(Direction.South) },
        { "east", new Move(Direction.East) },
        { "e", new Move(Direction.East) },
        { "west", new Move(Direction.West) },
        { "w", new Move(Direction.West) },
        { "up", new Move(Direction.Up) },
        { "u", new Move(Direction.Up) },
        { "down", new Move(Direction.Down) },
        { "d", new Move(Direction.Down) },
        { "say hello", new Say("hello", null) },
        { "' hello", new Say("hello", null) },
        { "tell alice hello", new Tell("alice", "hello") },
        { "reply thanks", new Reply("thanks") },
        { "r thanks", new Reply("thanks") },
        { "whisper bob psst", new Whisper("bob", "psst") },
        { "emote waves", new Emote("waves") },
        { ": waves", new Emote("waves") },
        { "who", new Who() },
        { "inventory", new ShowInventory() },
        { "inv", new ShowInventory() },
        { "i", new ShowInventory() },
        { "get lantern", new Get("lantern") },
        { "take lantern", new Get("lantern") },
        { "drop lantern", new Drop("lantern") },
        { "info", new Info() },
        { "score", new Info() },
        { "map", new ShowMap() },
        { "help", new Help(null) },
        { "?", new Help(null) },
        { "quit", new Quit() },
    };

    [Theory]
    [MemberData(nameof(EveryVerbAndAlias))]
    public void Parses_every_verb_and_alias(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    [Theory]
    [InlineData("dance", "dance")]
    [InlineData("nor", "nor")]
    [InlineData("lookk", "lookk")]
    [InlineData("sayhello", "sayhello")]
    [InlineData("no", "no")]
    [InlineData("northwest", "northwest")]
    [InlineData("loo", "loo")]
    [InlineData("inven", "inven")]
    [InlineData("q", "q")]
    [InlineData("??", "??")]
    [InlineData("?say", "?say")]
    [InlineData("Dance wildly", "Dance")]
    [InlineData("xyzzy  plugh", "xyzzy")]
    [InlineData("\u001b[31mlook", "[31mlook")]
    public void Never_matches_a_prefix_and_reports_the_word_as_typed(string input, string word) =>
        Assert.Equal(new Unknown(word), CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> MixedCase => new()
    {
        { "LOOK", new Look() },
        { "L", new Look() },
        { "NoRtH", new Move(Direction.North) },
        { "D", new Move(Direction.Down) },
        { "SAY Hello There", new Say("Hello There", null) },
        { "Tell Alice Hi", new Tell("Alice", "Hi") },
        { "INV", new ShowInventory() },
        { "Take Lantern", new Get("Lantern") },
        { "Score", new Info() },
        { "HELP Say", new Help("Say") },
        { "QUIT", new Quit() },
    };

    [Theory]
    [MemberData(nameof(MixedCase))]
    public void Matches_verbs_case_insensitively_and_keeps_the_case_of_arguments(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> GluedShortcuts => new()
    {
        { "'hi", new Say("hi", null) },
        { "'hello there", new Say("hello there", null) },
        { "'  spaced  out  ", new Say("spaced  out", null) },
        { "'@bob hi", new Say("hi", "bob") },
        { ":smiles", new Emote("smiles") },
        { ":smiles warmly.", new Emote("smiles warmly.") },
        { ":  grins", new Emote("grins") },
    };

    [Theory]
    [MemberData(nameof(GluedShortcuts))]
    public void Quote_and_colon_work_glued_to_the_text(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> SayForms => new()
    {
        { "say hello   there", new Say("hello   there", null) },
        { "say @alice hello", new Say("hello", "alice") },
        { "say @alice   hello there  ", new Say("hello there", "alice") },
        { "say @\"Old Tom\" good evening", new Say("good evening", "Old Tom") },
        { "say @\" Old Tom \" hi", new Say("hi", "Old Tom") },
        { "say @\"Old Tom\"hi", new Say("hi", "Old Tom") },
        { "say @“Old Tom” hi", new Say("hi", "Old Tom") },
        { "say hi @alice", new Say("hi @alice", null) },
        { "say email me at a@b.c", new Say("email me at a@b.c", null) },
    };

    [Theory]
    [MemberData(nameof(SayForms))]
    public void Parses_say_with_and_without_a_target(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> TargetedForms => new()
    {
        { "tell alice hello there", new Tell("alice", "hello there") },
        { "tell @alice hi", new Tell("alice", "hi") },
        { "tell alice   spaced   out ", new Tell("alice", "spaced   out") },
        { "whisper bob meet me at the well", new Whisper("bob", "meet me at the well") },
        { "whisper @bob psst", new Whisper("bob", "psst") },
    };

    [Theory]
    [MemberData(nameof(TargetedForms))]
    public void Tell_and_whisper_take_a_one_word_name_then_the_text(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> ItemForms => new()
    {
        { "get brass lantern", new Get("brass lantern") },
        { "get the brass lantern", new Get("brass lantern") },
        { "get The Lantern", new Get("Lantern") },
        { "take an apple", new Get("apple") },
        { "drop a coin", new Drop("coin") },
        { "drop the  old   map", new Drop("old   map") },
        { "get anchor", new Get("anchor") },
        { "get theodolite", new Get("theodolite") },
        { "get the", new Get("the") },
        { "get the a box", new Get("a box") },
    };

    [Theory]
    [MemberData(nameof(ItemForms))]
    public void Get_and_drop_take_the_rest_of_the_line_without_a_leading_article(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> HelpForms => new()
    {
        { "help", new Help(null) },
        { "help say", new Help("say") },
        { "? say", new Help("say") },
        { "help  getting started ", new Help("getting started") },
        { "help '", new Help("'") },
    };

    [Theory]
    [MemberData(nameof(HelpForms))]
    public void Help_takes_an_optional_topic(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> ExtraWords => new()
    {
        { "look around", new Look() },
        { "l at the sky", new Look() },
        { "north please", new Move(Direction.North) },
        { "d quickly", new Move(Direction.Down) },
        { "who is here", new Who() },
        { "inventory now", new ShowInventory() },
        { "info me", new Info() },
        { "map please", new ShowMap() },
        { "quit now", new Malformed("quit", "To leave the game, type quit on its own. Try: quit") },
    };

    [Theory]
    [MemberData(nameof(ExtraWords))]
    public void Word_only_commands_ignore_extra_words_except_quit(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    [Theory]
    [InlineData("say", "say")]
    [InlineData("SAY   ", "say")]
    [InlineData("'", "say")]
    [InlineData("say @alice", "say")]
    [InlineData("say @alice   ", "say")]
    [InlineData("say @ hello", "say")]
    [InlineData("say @", "say")]
    [InlineData("say @\"\" hello", "say")]
    [InlineData("say @\"Old Tom\"", "say")]
    [InlineData("say @\"Old Tom hello", "say")]
    [InlineData("tell", "tell")]
    [InlineData("tell alice", "tell")]
    [InlineData("tell @ hi", "tell")]
    [InlineData("whisper", "whisper")]
    [InlineData("whisper bob", "whisper")]
    [InlineData("reply", "reply")]
    [InlineData("r", "reply")]
    [InlineData("emote", "emote")]
    [InlineData(":", "emote")]
    [InlineData("get", "get")]
    [InlineData("take", "get")]
    [InlineData("drop", "drop")]
    [InlineData("quit it", "quit")]
    public void Known_verbs_used_wrongly_are_malformed_with_a_usage_hint(string input, string verb)
    {
        var malformed = Assert.IsType<Malformed>(CommandParser.Parse(input));
        Assert.Equal(verb, malformed.Verb);
        Assert.Contains("Try:", malformed.Problem);
        Assert.DoesNotContain('\n', malformed.Problem);
    }

    [Fact]
    public void Unclosed_quotes_get_their_own_hint()
    {
        var malformed = Assert.IsType<Malformed>(CommandParser.Parse("say @\"Old Tom hello"));
        Assert.StartsWith("Close the quotes", malformed.Problem);
    }

    [Fact]
    public void Missing_say_text_gets_the_documented_hint() =>
        Assert.Equal(new Malformed("say", "Say what? Try: say hello"), CommandParser.Parse("say"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u0000\u0007\u001b")]
    [InlineData("\u00a0\u2028")]
    public void Blank_input_is_empty(string? input) =>
        Assert.Equal(new Empty(), CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> Whitespace => new()
    {
        { "  look  ", new Look() },
        { "\tlook\r\n", new Look() },
        { "\u00a0look\u00a0", new Look() },
        { "say\thello", new Say("hello", null) },
        { "say\u00a0hello", new Say("hello", null) },
        { "tell\talice\thi  there", new Tell("alice", "hi  there") },
        { "say line one\nline two", new Say("line one line two", null) },
    };

    [Theory]
    [MemberData(nameof(Whitespace))]
    public void Trims_and_treats_tabs_and_line_breaks_as_spaces(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    public static TheoryData<string, PlayerCommand> ControlCharacters => new()
    {
        { "lo\u0007ok", new Look() },
        { "\u0000north\u0000", new Move(Direction.North) },
        { "say hi\u0000there", new Say("hithere", null) },
        { "say bell\u0007\u007f\u009b!", new Say("bell!", null) },
        { "say \u202eevil", new Say("evil", null) },
        { "say a\u2066b\u2069c", new Say("abc", null) },
        { "say héllo wörld ¿qué?", new Say("héllo wörld ¿qué?", null) },
        { "say hi 👋", new Say("hi 👋", null) },
        { "say 👩‍💻 at work", new Say("👩‍💻 at work", null) },
        { "say こんにちは", new Say("こんにちは", null) },
        { ":🎉", new Emote("🎉") },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters))]
    public void Strips_control_characters_and_keeps_ordinary_unicode(string input, PlayerCommand expected) =>
        Assert.Equal(expected, CommandParser.Parse(input));

    [Fact]
    public void Accepts_input_of_exactly_the_maximum_length()
    {
        var text = new string('a', CommandParser.MaxInputLength - "say ".Length);
        Assert.Equal(new Say(text, null), CommandParser.Parse("say " + text));
    }

    [Theory]
    [InlineData("say ", "say")]
    [InlineData("' ", "say")]
    [InlineData("emote ", "emote")]
    [InlineData("look ", "look")]
    [InlineData("dance ", "dance")]
    public void Rejects_input_one_character_too_long(string prefix, string verb)
    {
        var input = prefix + new string('a', CommandParser.MaxInputLength + 1 - prefix.Length);
        Assert.Equal(CommandParser.MaxInputLength + 1, input.Length);
        Assert.Equal(
            new Malformed(verb, "That is too long (at most 1000 characters)."),
            CommandParser.Parse(input));
    }

    [Fact]
    public void A_too_long_unknown_word_is_shortened_in_the_verb()
    {
        var malformed = Assert.IsType<Malformed>(CommandParser.Parse(new string('x', 5000)));
        Assert.Equal(new string('x', 40), malformed.Verb);
        Assert.Equal(CommandParser.TooLongProblem, malformed.Problem);
    }

    [Fact]
    public void Measures_length_after_trimming_and_stripping()
    {
        var padded = new string(' ', 600) + "say hi" + new string('\u0007', 600) + new string(' ', 600);
        Assert.Equal(new Say("hi", null), CommandParser.Parse(padded));
    }

    [Fact]
    public void Command_words_list_every_verb_and_alias()
    {
        string[] expected =
        [
            "look", "l", "north", "n", "south", "s", "east", "e", "west", "w", "up", "u", "down", "d",
            "say", "'", "tell", "reply", "r", "whisper", "emote", ":", "general", "gen", "who", "inventory", "inv", "i",
            "get", "take", "drop", "info", "score", "map", "help", "?", "quit",
        ];
        Assert.Equal(expected, CommandParser.CommandWords);
    }

    [Fact]
    public void Every_command_word_is_understood()
    {
        foreach (var word in CommandParser.CommandWords)
        {
            var parsed = CommandParser.Parse(word);
            Assert.False(parsed is Unknown or Empty, $"'{word}' parsed as {parsed}");
            Assert.False(CommandParser.Parse(word.ToUpperInvariant()) is Unknown, $"'{word}' upper case is unknown");
        }
    }
}
