using ExVenture.Domain.Protocol;
using ExVenture.Domain.World;

namespace ExVenture.Domain.Items;

/// <summary>Item lookups that need the world's item kinds: matching what a player typed, and views for the client.</summary>
public static class ItemCatalog
{
    /// <summary>The first item whose kind's name, id or one of its keywords equals the query (case-insensitive).</summary>
    public static ItemInstance? Find(GameWorld world, IEnumerable<ItemInstance> items, string query)
    {
        var wanted = query.Trim();
        foreach (var item in items)
        {
            if (!world.TryGetItem(item.KindId, out var kind))
            {
                continue;
            }

            if (Same(kind.Name, wanted) || Same(kind.Id, wanted) || kind.Keywords.Any(k => Same(k, wanted)))
            {
                return item;
            }
        }

        return null;
    }

    public static string NameOf(GameWorld world, ItemInstance item) =>
        world.TryGetItem(item.KindId, out var kind) ? kind.Name : item.KindId;

    public static IReadOnlyList<ItemView> Views(GameWorld world, IEnumerable<ItemInstance> items) =>
        items.Select(i => new ItemView(i.Id, NameOf(world, i))).ToList();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
