using System.Text.Json;
using ExVenture.Server.Hosting;
using ExVenture.TestSupport;

namespace ExVenture.Server.Tests.Deployment;

/// <summary>One Dockerfile instruction: the keyword (upper case) and its arguments, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments);

/// <summary>docker/Dockerfile read as text: there is no Docker engine where the tests run.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<DockerInstruction>> stages) => Stages = stages;

    public static string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "docker", "Dockerfile");

    /// <summary>The build stages, each starting with its FROM.</summary>
    public IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; }

    public IEnumerable<DockerInstruction> All => Stages.SelectMany(stage => stage);

    /// <summary>The stage that becomes the image.</summary>
    public IReadOnlyList<DockerInstruction> Final => Stages[^1];

    public static Dockerfile Load()
    {
        var instructions = new List<DockerInstruction>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(Path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            if (full.Length == 0)
            {
                continue;
            }

            var space = full.IndexOfAny([' ', '\t']);
            instructions.Add(space < 0
                ? new DockerInstruction(full.ToUpperInvariant(), "")
                : new DockerInstruction(full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }

        var stages = new List<IReadOnlyList<DockerInstruction>>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add(new List<DockerInstruction>());
            }

            if (stages.Count > 0)
            {
                ((List<DockerInstruction>)stages[^1]).Add(instruction);
            }
        }

        return stages.Count > 0 ? new Dockerfile(stages) : throw new Xunit.Sdk.XunitException("docker/Dockerfile has no FROM");
    }

    /// <summary>The final stage's <c>ENV name=value ...</c> settings (quotes removed): the image's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Final.Where(i => i.Keyword == "ENV")
            .SelectMany(i => System.Text.RegularExpressions.Regex.Matches(i.Arguments, @"([A-Za-z_][A-Za-z0-9_]*)=(""[^""]*""|\S*)"))
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Last().Groups[2].Value.Trim('"'), StringComparer.Ordinal);

    /// <summary>The final stage's ENTRYPOINT as a JSON array; fails when it is in shell form (which swallows arguments).</summary>
    public string[] EntrypointExecForm()
    {
        var entrypoint = Final.LastOrDefault(i => i.Keyword == "ENTRYPOINT")
            ?? throw new Xunit.Sdk.XunitException("the image has no ENTRYPOINT");
        try
        {
            return JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"ENTRYPOINT {entrypoint.Arguments} is not in exec form (a JSON array): Fly's release_command could not be appended to it");
        }
    }
}

/// <summary>The production image: what it publishes, which ports it exposes, who it runs as, how it starts.</summary>
public sealed class DockerfileTests
{
    /// <summary>The server's assembly file name, from the assembly itself.</summary>
    public static string ServerDll { get; } = typeof(GameServer).Assembly.GetName().Name + ".dll";

    private static readonly Dockerfile Image = Dockerfile.Load();

    [Fact]
    public void It_builds_on_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        Assert.True(Image.Stages.Count >= 2, "a multi-stage build keeps the SDK out of the image");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Image.Stages[0][0].Arguments, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", Image.Final[0].Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void It_publishes_the_server_and_pbm()
    {
        var publishes = Image.All.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Select(i => i.Arguments).ToList();
        Assert.Contains(publishes, run => run.Contains("src/ExVenture.Server", StringComparison.Ordinal));
        Assert.Contains(publishes, run => run.Contains("src/ExVenture.Pbm", StringComparison.Ordinal));

        // pbm is on the PATH inside the machine, for `fly ssh console -C "pbm 127.0.0.1:9110 cluster show"`.
        Assert.Contains(Image.Final, i => i.Keyword == "RUN" && i.Arguments.Contains("/usr/local/bin/pbm", StringComparison.Ordinal));
    }

    [Fact]
    public void It_exposes_http_and_remoting_but_not_the_operator_port()
    {
        var exposed = Image.Final.Where(i => i.Keyword == "EXPOSE")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(port => port.Split('/')[0])
            .ToHashSet();
        Assert.Contains("4000", exposed);
        Assert.Contains("4053", exposed);
        Assert.DoesNotContain("9110", exposed);

        // The ports the image pins match what it exposes, and fly.toml routes HTTP to the same PORT.
        var env = Image.Environment;
        Assert.Equal("4000", env["PORT"]);
        Assert.Equal("4053", env["CLUSTER_PORT"]);
        Assert.Equal("9110", env["OPERATOR_PORT"]);
        Assert.Equal("4000", FlyToml.Load().Env["PORT"]);
    }

    [Fact]
    public void It_runs_as_a_non_root_user()
    {
        var user = Image.Final.LastOrDefault(i => i.Keyword == "USER");
        Assert.NotNull(user);
        Assert.DoesNotContain(user.Arguments.Split(':')[0], new[] { "root", "0" });

        // Nothing after USER switches back to root.
        var afterUser = Image.Final.SkipWhile(i => i != user).Skip(1);
        Assert.DoesNotContain(afterUser, i => i.Keyword == "USER");
    }

    [Fact]
    public void It_starts_the_server_dll_in_exec_form()
    {
        Assert.Equal(["dotnet", ServerDll], Image.EntrypointExecForm());

        // A CMD would be replaced by release_command anyway; without one, `docker run image migrate` works the same way.
        Assert.DoesNotContain(Image.Final, i => i.Keyword == "CMD");
    }
}
