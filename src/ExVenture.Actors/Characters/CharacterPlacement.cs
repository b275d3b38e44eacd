using ExVenture.Actors.Serialization;
using ExVenture.Domain.Characters;

namespace ExVenture.Actors.Characters;

/// <summary>Where a character's entity lives; asked by operators (<c>pbm game where</c>) and tests. The answer comes
/// from the entity's host, without recovering the character.</summary>
public static class CharacterPlacement
{
    public sealed record Locate(string CharacterId) : ICharacterMessage;

    /// <param name="HomeRegion">The region the character is homed in (where its journal is).</param>
    /// <param name="Node">The cluster address of the node hosting the entity.</param>
    /// <param name="NodeRegion">That node's region: the home region unless the home region has no node.</param>
    public sealed record Located(string CharacterId, string HomeRegion, string Node, string NodeRegion) : IWireMessage;
}
