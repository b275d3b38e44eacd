using ExVenture.Domain.Characters;
using ExVenture.Domain.Items;
using ExVenture.Domain.World;

namespace ExVenture.Benchmarks.Journal;

/// <summary>
/// Plausible character journals for the recovery benchmark, built from the real world: a character is created in
/// the start room, then wanders through real exits, and every ten events picks up an item (<c>ItemPickedUp</c>, then
/// the room's close, <c>ReceiptClosed</c>) and, once it carries a few, drops one (<c>ItemPutDown</c>, then the room's
/// acceptance, <c>TransferConfirmed</c>), the rest being <c>Moved</c>. Every history ends with no transfer open, as
/// a character that logged out does, so recovery sends nothing on its behalf. Deterministic per character id.
/// </summary>
internal static class CharacterHistories
{
    private const int Carried = 3;

    public static IReadOnlyList<ICharacterEvent> For(GameWorld world, string characterId, string name, int count)
    {
        var random = new Random(StableSeed(characterId));
        var itemKinds = world.ItemKinds.Select(k => k.Id).Order(StringComparer.Ordinal).ToArray();
        var events = new List<ICharacterEvent>(count) { new CharacterEvents.Created(characterId, name, world.StartRoomId, Vitals.Starting) };
        var state = CharacterState.Unborn(characterId).Apply(events[0]);
        var picked = 0;
        while (events.Count < count)
        {
            var left = count - events.Count;
            var step = events.Count % 10;
            ICharacterEvent next = step switch
            {
                // A pick-up or a drop takes two events; too close to the end, the character walks instead.
                1 when left >= 2 => PickUp(state, itemKinds[random.Next(itemKinds.Length)], ++picked, random),
                2 when state.Transfers.OpenReceipts.Count > 0 => new CharacterEvents.ReceiptClosed(state.Transfers.OpenReceipts.Keys.First()),
                6 when left >= 2 && state.Inventory.Count > Carried => new CharacterEvents.ItemPutDown(
                    new PendingTransfer(NewTransferId(random), state.Inventory[0], state.RoomId, $"c{events.Count}")),
                7 when state.Transfers.Outbox.Count > 0 => new CharacterEvents.TransferConfirmed(state.Transfers.Outbox.Keys.First()),
                _ => Move(world, state, random),
            };
            events.Add(next);
            state = state.Apply(next);
        }

        if (state.Transfers.Unsettled)
        {
            throw new InvalidOperationException($"The history of {characterId} ends with a transfer open.");
        }

        return events;
    }

    private static CharacterEvents.ItemPickedUp PickUp(CharacterState state, string kindId, int ordinal, Random random) =>
        new(NewTransferId(random), ItemInstance.Seeded(state.RoomId, kindId, 1000 + ordinal), state.RoomId);

    private static CharacterEvents.Moved Move(GameWorld world, CharacterState state, Random random)
    {
        var exits = world.Room(state.RoomId).Exits;
        var exit = exits[random.Next(exits.Count)];
        return new CharacterEvents.Moved(state.RoomId, exit.ToRoomId, exit.Direction);
    }

    /// <summary>A transfer id like the game's (<c>Guid.NewGuid().ToString("N")</c>), drawn from the history's generator.</summary>
    private static string NewTransferId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("N");
    }

    private static int StableSeed(string id)
    {
        var hash = 17;
        foreach (var c in id)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
