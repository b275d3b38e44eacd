using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ExVenture.Domain.World;

/// <summary>1-based line numbers from YamlDotNet positions.</summary>
internal static class YamlLines
{
    public static int Of(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    public static int Of(YamlNode node) => Of(node.Start);
}
