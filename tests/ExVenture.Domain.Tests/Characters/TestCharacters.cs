using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.World;
using Cmd = ExVenture.Domain.Commands;

namespace ExVenture.Domain.Tests.Characters;

/// <summary>Characters for tests, brought to life and equipped only through the state's own Arrive/Decide/Receive.</summary>
internal static class TestCharacters
{
    private static readonly GameWorld World = TestWorlds.Small;

    public static readonly ItemInstance Lantern = new($"{TestWorlds.Hall}/{TestWorlds.Lantern}/1", TestWorlds.Lantern);

    public static readonly ItemInstance Rope = new($"{TestWorlds.Garden}/{TestWorlds.Rope}/1", TestWorlds.Rope);

    /// <summary>Alice, arrived in the start room (the hall).</summary>
    public static CharacterState Alice() => Arrived("alice", "Alice");

    public static CharacterState Arrived(string id, string name)
    {
        var unborn = CharacterState.Unborn(id);
        return Run(unborn, unborn.Arrive(name, World));
    }

    /// <summary>The character after walking the given directions from where it is.</summary>
    public static CharacterState Walked(CharacterState character, params Direction[] path) =>
        path.Aggregate(character, (c, direction) => Run(c, c.Decide(new Cmd.Move(direction), Context(), null)));

    /// <summary>The character after its room gave it the items (transfer ids "give-1", "give-2", …). The room has not
    /// closed them yet, so their receipts stay open in <c>Transfers.OpenReceipts</c>.</summary>
    public static CharacterState Carrying(CharacterState character, params ItemInstance[] items) =>
        items.Select((item, n) => new CharacterMessages.GiveItem(character.Id, $"give-{n + 1}", item, character.RoomId, null))
            .Aggregate(character, (c, give) => Run(c, c.Receive(give, Context())));

    public static CharacterContext Context(bool online = true, string? replyTo = null, Func<string>? transferIds = null) =>
        new(World, transferIds ?? TestWorlds.TransferIds("drop-"), online, replyTo);

    public static CharacterState Run(CharacterState character, CharacterDecision decision) => character.ApplyAll(decision.Events);
}
