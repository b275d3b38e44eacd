namespace ExVenture.Server.Storage;

/// <summary>One component's version in the database against the version the code expects.</summary>
public sealed record ComponentStatus(string Component, int DatabaseVersion, int ExpectedVersion)
{
    /// <summary>A database ahead of the code (a newer release already migrated it) still counts as current.</summary>
    public bool IsCurrent => DatabaseVersion >= ExpectedVersion;
}

/// <summary>The outcome of <see cref="SchemaMigrator.CheckAsync"/>.</summary>
public sealed record SchemaStatus(IReadOnlyList<ComponentStatus> Components)
{
    public bool IsCurrent => Components.All(c => c.IsCurrent);

    /// <summary>A message for an operator, naming each component that is behind and what to run.</summary>
    public string Describe() => IsCurrent
        ? "The database schema is current."
        : "The database schema is behind this release; run the `migrate` command first. "
          + string.Join("; ", Components.Where(c => !c.IsCurrent)
              .Select(c => $"{c.Component}: database at version {c.DatabaseVersion}, this release needs {c.ExpectedVersion}"));
}
