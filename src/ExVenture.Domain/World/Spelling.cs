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

    /// <summary>Edit distance ignoring case, where swapping two neighbouring letters counts as one typo (optimal string alignment).</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
