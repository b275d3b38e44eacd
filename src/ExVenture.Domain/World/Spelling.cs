namespace ExVenture.Domain.World;

/// <summary>Suggests what a builder probably meant when a name is not known.</summary>
internal static class Spelling
{
    /// <summary>" (did you mean 'x'?)" for the closest candidate within a few typos, or "" when none is close.</summary>
    public static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        var allowed = Math.Max(1, word.Length / 3);
        var best = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(word, candidate)))
            .Where(pair => pair.Distance <= allowed)
            .OrderBy(pair => pair.Distance)
            .ThenBy(pair => pair.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean '{best.Candidate}'?)";
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
