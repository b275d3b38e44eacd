using ExVenture.Domain.World;

namespace ExVenture.Domain.Commands;

/// <summary>
/// One line of player input as <see cref="CommandParser"/> understood it.
/// The hierarchy is closed: every subtype is sealed and declared in this file, and the base constructor is
/// only reachable from this assembly, so a switch over the subtypes below covers every case.
/// </summary>
public abstract record PlayerCommand
{
    private protected PlayerCommand()
    {
    }
}

/// <summary>Describe the current room (<c>look</c>, <c>l</c>).</summary>
public sealed record Look : PlayerCommand;

/// <summary>Walk through an exit (<c>north</c>, <c>n</c>, … <c>down</c>, <c>d</c>).</summary>
public sealed record Move(Direction Direction) : PlayerCommand;

/// <summary>Speak to the whole room (<c>say hello</c>, <c>'hello</c>).</summary>
/// <param name="Text">What is said, with leading and trailing whitespace removed.</param>
/// <param name="To">
/// The name the words are addressed to (<c>say @alice hello</c>, <c>say @"Old Tom" hello</c>), still heard by
/// the whole room; <c>null</c> when the words are addressed to nobody in particular.
/// </param>
public sealed record Say(string Text, string? To) : PlayerCommand;

/// <summary>A private message to a player anywhere in the game (<c>tell alice hello</c>).</summary>
public sealed record Tell(string Target, string Text) : PlayerCommand;

/// <summary>Answer the last player who sent a <see cref="Tell"/> (<c>reply thanks</c>, <c>r thanks</c>).</summary>
public sealed record Reply(string Text) : PlayerCommand;

/// <summary>A private message to someone in the same room (<c>whisper bob psst</c>).</summary>
public sealed record Whisper(string Target, string Text) : PlayerCommand;

/// <summary>An action shown to the room as "Alice waves." (<c>emote waves</c>, <c>:waves</c>).</summary>
public sealed record Emote(string Text) : PlayerCommand;

/// <summary>Speak on the <c>general</c> channel, heard by every player online in every region (<c>general hello</c>, <c>gen hello</c>).</summary>
public sealed record General(string Text) : PlayerCommand;

/// <summary>List the players online (<c>who</c>).</summary>
public sealed record Who : PlayerCommand;

/// <summary>List what the player carries (<c>inventory</c>, <c>inv</c>, <c>i</c>).</summary>
public sealed record ShowInventory : PlayerCommand;

/// <summary>Pick an item up (<c>get brass lantern</c>, <c>take the lantern</c>).</summary>
/// <param name="Item">The item name as typed, without a leading "the", "a" or "an".</param>
public sealed record Get(string Item) : PlayerCommand;

/// <summary>Put an item down (<c>drop lantern</c>).</summary>
/// <param name="Item">The item name as typed, without a leading "the", "a" or "an".</param>
public sealed record Drop(string Item) : PlayerCommand;

/// <summary>Show the player's own character sheet (<c>info</c>, <c>score</c>).</summary>
public sealed record Info : PlayerCommand;

/// <summary>Draw the map around the player (<c>map</c>).</summary>
public sealed record ShowMap : PlayerCommand;

/// <summary>Show help (<c>help</c>, <c>?</c>); <paramref name="Topic"/> is the rest of the line, or <c>null</c> for the index.</summary>
public sealed record Help(string? Topic) : PlayerCommand;

/// <summary>Leave the game (<c>quit</c>, and nothing else on the line).</summary>
public sealed record Quit : PlayerCommand;

/// <summary>
/// The line was empty, or held nothing but whitespace and control characters.
/// Not a mistake worth scolding: the usual answer is a fresh prompt, or <see cref="CommandParser.EmptyHint"/>.
/// </summary>
public sealed record Empty : PlayerCommand;

/// <summary>The first word is not a command the parser knows.</summary>
/// <param name="Word">The first word exactly as the player typed it (case kept).</param>
public sealed record Unknown(string Word) : PlayerCommand;

/// <summary>A known command used the wrong way.</summary>
/// <param name="Verb">The command's canonical name ("say" even when the player typed <c>'</c>).</param>
/// <param name="Problem">A friendly one-line hint to show the player, e.g. "Say what? Try: say hello".</param>
public sealed record Malformed(string Verb, string Problem) : PlayerCommand;
