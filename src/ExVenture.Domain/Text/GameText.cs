using System.Text;
using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Text;

/// <summary>The human-readable side of every answer (the text of <c>system/display</c> frames). Plain text, '\n' line breaks.</summary>
public static class GameText
{
    public static string Room(RoomView room, string viewerName)
    {
        var text = new StringBuilder();
        text.Append(room.Name).Append('\n');
        text.Append(room.Description).Append('\n');
        text.Append("Exits: ")
            .Append(room.Exits.Count == 0 ? "none" : string.Join(", ", room.Exits.Select(e => e.Direction)))
            .Append('\n');
        if (room.Items.Count > 0)
        {
            text.Append("You see here: ").Append(JoinNames(Counted(room.Items))).Append('.').Append('\n');
        }

        var others = room.Characters.Select(c => c.Name).Where(n => !string.Equals(n, viewerName, StringComparison.Ordinal)).ToList();
        if (others.Count > 0)
        {
            text.Append(JoinNames(others)).Append(others.Count == 1 ? " is here." : " are here.").Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Inventory(IReadOnlyList<ItemView> items) =>
        items.Count == 0 ? "You are carrying nothing." : "You are carrying: " + JoinNames(Counted(items)) + ".";

    public static string Vitals(string name, VitalsView v) =>
        $"{name}\n  Health     {v.Health,4} / {v.MaxHealth}\n  Skill      {v.Skill,4} / {v.MaxSkill}\n  Endurance  {v.Endurance,4} / {v.MaxEndurance}";

    /// <summary>A line on a channel, as every listener reads it: <c>[general] Alys: hello</c>.</summary>
    public static string ChannelLine(string channel, string name, string text) => $"[{channel}] {name}: {text}";

    public static string Who(IReadOnlyList<string> names) =>
        names.Count == 0
            ? "Nobody is online."
            : $"Online now ({names.Count}):\n" + string.Join('\n', names.Select(n => "  " + n));

    public static string Help(GameWorld world, string? topic)
    {
        if (string.IsNullOrWhiteSpace(topic))
        {
            var index = world.FindHelp("commands");
            return index is null ? "Help topics: " + string.Join(", ", world.HelpTopics.Select(t => t.Id)) : HelpTopic(index);
        }

        var found = world.FindHelp(topic);
        return found is null
            ? $"There is no help on '{Clip(topic, 40)}'. Type 'help' for the list of commands."
            : HelpTopic(found);
    }

    public static string Entered(string name, string? fromDirection) =>
        fromDirection is null ? $"{name} appears." : $"{name} arrives from {ArrivalPhrase(fromDirection)}.";

    public static string Left(string name, string? toDirection) =>
        toDirection is null ? $"{name} fades from the world." : $"{name} leaves {DeparturePhrase(toDirection)}.";

    /// <summary>Shortens player-supplied text before it is echoed back, so an answer never repeats a huge input.</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string HelpTopic(HelpTopic topic)
    {
        var text = new StringBuilder();
        text.Append(topic.Title).Append('\n').Append(topic.Body.TrimEnd());
        if (topic.SeeAlso.Count > 0)
        {
            text.Append("\nSee also: ").Append(string.Join(", ", topic.SeeAlso));
        }

        return text.ToString();
    }

    private static string ArrivalPhrase(string direction) => direction switch
    {
        "up" => "above",
        "down" => "below",
        _ => "the " + direction,
    };

    private static string DeparturePhrase(string direction) => direction switch
    {
        "up" => "upwards",
        "down" => "downwards",
        _ => direction,
    };

    /// <summary>"candle stub (3)" rather than the same name three times.</summary>
    private static IEnumerable<string> Counted(IEnumerable<ItemView> items) =>
        items.GroupBy(i => i.Name, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()})");

    private static string JoinNames(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => string.Empty,
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }
}
