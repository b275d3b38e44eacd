using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ExVenture.Domain.World;

/// <summary>A mapping key written a second time in the same mapping.</summary>
/// <param name="KeyPath">Key path of the repeated entry ("rooms.quay").</param>
internal sealed record DuplicateKey(string Key, string KeyPath, int Line, int FirstLine);

/// <summary>
/// Passes YAML parsing events through unchanged, except that a mapping entry whose key repeats an earlier key of the
/// same mapping is dropped (key and value) and recorded in <see cref="Duplicates"/>.
/// </summary>
/// <remarks>
/// YamlDotNet's representation model throws on the first duplicate key, which would hide every other problem in the
/// file; filtering them out here lets the loader report them alongside the rest. The filter also keeps track of the
/// key path it has reached, so a syntax error can say where in the document it happened.
/// </remarks>
internal sealed class DuplicateKeyFilter(IParser inner) : IParser
{
    private readonly Stack<OpenCollection> _open = new();

    public List<DuplicateKey> Duplicates { get; } = [];

    /// <summary>Key path of the innermost collection being read ("" at the top of the document).</summary>
    public string KeyPath => _open.TryPeek(out var collection) ? collection.KeyPath : "";

    /// <summary>Line of the last event read, for errors that do not carry a position of their own.</summary>
    public int Line => inner.Current is { } current ? YamlLines.Of(current.Start) : 1;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        while (inner.MoveNext())
        {
            var current = inner.Current!;
            if (IsDuplicateKey(current))
            {
                SkipNode();
                continue;
            }

            Track(current);
            return true;
        }

        return false;
    }

    private bool IsDuplicateKey(ParsingEvent current)
    {
        if (current is not Scalar key
            || !_open.TryPeek(out var mapping)
            || !mapping.IsMapping
            || !mapping.ExpectingKey
            || !mapping.FirstLines.TryGetValue(key.Value, out var firstLine))
        {
            return false;
        }

        Duplicates.Add(new DuplicateKey(key.Value, Join(mapping.KeyPath, key.Value), YamlLines.Of(key.Start), firstLine));
        return true;
    }

    /// <summary>Consumes the next node (a scalar, an alias, or a whole collection) without passing it on.</summary>
    private void SkipNode()
    {
        var depth = 0;
        while (inner.MoveNext())
        {
            depth += inner.Current switch
            {
                MappingStart or SequenceStart => 1,
                MappingEnd or SequenceEnd => -1,
                _ => 0,
            };
            if (depth == 0)
            {
                return;
            }
        }
    }

    private void Track(ParsingEvent current)
    {
        switch (current)
        {
            case MappingStart or SequenceStart:
                _open.Push(new OpenCollection(PathOfNodeStarting(current), current is MappingStart));
                break;
            case Scalar or AnchorAlias:
                PathOfNodeStarting(current);
                break;
            case MappingEnd or SequenceEnd:
                _open.Pop();
                break;
        }
    }

    /// <summary>Moves the enclosing collection past the node that starts with <paramref name="current"/> and returns the node's key path.</summary>
    private string PathOfNodeStarting(ParsingEvent current)
    {
        if (!_open.TryPeek(out var parent))
        {
            return "";
        }

        if (!parent.IsMapping)
        {
            return $"{parent.KeyPath}[{parent.NextIndex++}]";
        }

        if (parent.ExpectingKey)
        {
            parent.ExpectingKey = false;
            parent.LastKey = "?";
            if (current is Scalar key)
            {
                parent.LastKey = key.Value;
                parent.FirstLines.TryAdd(key.Value, YamlLines.Of(key.Start));
            }

            return parent.KeyPath;
        }

        parent.ExpectingKey = true;
        return Join(parent.KeyPath, parent.LastKey);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private sealed class OpenCollection(string keyPath, bool isMapping)
    {
        public string KeyPath { get; } = keyPath;
        public bool IsMapping { get; } = isMapping;
        public Dictionary<string, int> FirstLines { get; } = new(StringComparer.Ordinal);
        public bool ExpectingKey { get; set; } = true;
        public string LastKey { get; set; } = "";
        public int NextIndex { get; set; }
    }
}
