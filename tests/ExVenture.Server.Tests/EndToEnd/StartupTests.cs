namespace ExVenture.Server.Tests.EndToEnd;

/// <summary>How the binary behaves before it serves anyone: configuration, schema and world checks at boot.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Production_without_configuration_lists_every_missing_variable_and_exits_non_zero()
    {
        await using var environment = GameServerEnvironment.Development();
        environment.Variables["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment.Variables["PORT"] = "not-a-port";

        var (code, output) = await environment.RunAsync([]);

        Assert.NotEqual(0, code);
        Assert.Contains("DATABASE_URL", output);
        Assert.Contains("SECRET_KEY_BASE", output);
        Assert.Contains("HOST", output);
        Assert.Contains("PORT", output);
    }

    [Fact]
    public async Task Production_on_an_unmigrated_database_refuses_to_start_and_says_to_run_migrate()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["DATABASE_URL"] = await ExVenture.TestSupport.PostgresServer.Shared.CreateDatabaseAsync("unmigrated");

        var (code, output) = await environment.RunAsync([]);

        Assert.NotEqual(0, code);
        Assert.Contains("migrate", output);
    }

    [Fact]
    public async Task Migrate_is_idempotent_and_safe_to_run_from_several_processes_at_once()
    {
        await using var environment = await GameServerEnvironment.PostgresAsync();
        environment.Variables["DATABASE_URL"] = await ExVenture.TestSupport.PostgresServer.Shared.CreateDatabaseAsync("concurrent");

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => environment.RunAsync(["migrate"])));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        var again = await environment.RunAsync(["migrate"]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("up to date", again.Output);
        await environment.StartAsync();
    }

    [Fact]
    public async Task A_broken_world_stops_the_boot_with_file_line_and_problem()
    {
        await using var environment = GameServerEnvironment.Development();
        var world = Path.Combine(environment.Folder, "world");
        CopyDirectory(ExVenture.TestSupport.RepositoryPaths.World, world);
        var commons = Path.Combine(world, "zones", "commons.yml");
        File.WriteAllText(commons, File.ReadAllText(commons).Replace("north: high-street", "north: nowhere-at-all", StringComparison.Ordinal));
        environment.Variables["WORLD_DIR"] = world;

        var (code, output) = await environment.RunAsync([]);

        Assert.Equal(2, code);
        Assert.Matches(@"zones/commons\.yml:\d+: rooms\.green\.exits\.north: .*nowhere-at-all", output);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
