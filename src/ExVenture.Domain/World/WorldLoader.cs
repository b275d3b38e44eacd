namespace ExVenture.Domain.World;

/// <summary>
/// Loads the world files (world.yml, items.yml, help.yml and zones/*.yml) from a directory into a <see cref="GameWorld"/>.
/// </summary>
/// <remarks>
/// Everything is checked before anything is built, and every problem found is reported at once in a
/// <see cref="WorldLoadException"/>, each with its file, line and key path, so a builder can fix them all in one pass.
/// </remarks>
public static class WorldLoader
{
    /// <exception cref="WorldLoadException">The directory, a file, or anything in them is missing or wrong.</exception>
    public static GameWorld LoadFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var problems = new WorldProblems();
        if (!Directory.Exists(directory))
        {
            problems.Add(SourceLocation.WholeFile("."), $"the world directory '{Path.GetFullPath(directory)}' does not exist");
            throw new WorldLoadException(directory, problems.ToSortedList());
        }

        var draft = new WorldFileReader(directory, problems).Read();
        WorldValidator.Validate(draft, problems);
        if (problems.HasAny || draft is not { Settings: { StartRoom: { } start } settings, Items: { } items, Help: { } help })
        {
            throw new WorldLoadException(directory, problems.ToSortedList());
        }

        return new GameWorld(
            settings.Name,
            start.Value,
            draft.Zones.Select(zone => zone.ToZone()),
            draft.Zones.SelectMany(zone => zone.Rooms).Select(room => room.ToDefinition()),
            items.Select(item => item.Kind),
            help.Select(topic => topic.ToTopic()));
    }
}
