using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExVenture.Operations;

/// <summary>
/// How <c>pbm</c> talks to a node's operator host: HTTP with JSON bodies on the operator port, every request carrying
/// <c>Authorization: Bearer &lt;token&gt;</c> (<see cref="OperatorToken"/>).
/// <list type="bullet">
/// <item><c>GET /pbm/v1/palettes</c>: <see cref="PaletteInfo"/>[], for help and tab completion.</item>
/// <item><c>POST /pbm/v1/commands</c> with a <see cref="CommandRequest"/>: a <see cref="CommandResponse"/>
/// (<c>application/json</c>); a streaming command (<see cref="CommandInfo.Streams"/>) answers
/// <c>application/x-ndjson</c>, one <see cref="StreamLine"/> per line, until the client hangs up.</item>
/// </list>
/// Status codes: 200 done; 400 bad switches; 401 missing or wrong token; 404 unknown palette or command;
/// 422 the command ran and failed (e.g. no such member); 504 the node did not answer in time. Every error body is a
/// <see cref="CommandResponse"/> with <c>Ok = false</c> and an <see cref="CommandResponse.Error"/> for people.
/// </summary>
public static class OperatorProtocol
{
    public const int DefaultPort = 9110;
    public const string PalettesPath = "/pbm/v1/palettes";
    public const string CommandsPath = "/pbm/v1/commands";
    public const string StreamContentType = "application/x-ndjson";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = OperatorJson.Default,
    };
}

/// <summary>One command: <c>cluster down -a akka.tcp://…</c> is palette "cluster", command "down", arguments
/// ["-a", "akka.tcp://…"]. The host parses the arguments against the command's switches.</summary>
public sealed record CommandRequest(string Palette, string Command, IReadOnlyList<string> Arguments);

/// <param name="Text">What a person reads, lines separated by \n.</param>
/// <param name="Data">The same in machine-readable form (<c>pbm --json</c>).</param>
/// <param name="Error">Why it failed, when <paramref name="Ok"/> is false.</param>
public sealed record CommandResponse(bool Ok, string Text, JsonElement? Data = null, string? Error = null)
{
    public static CommandResponse Failure(string error) => new(false, "", null, error);
}

/// <summary>One event of a streaming command (e.g. <c>cluster tail</c>).</summary>
public sealed record StreamLine(string Text, JsonElement? Data = null);

public sealed record PaletteInfo(string Name, string Description, IReadOnlyList<CommandInfo> Commands);

/// <param name="Usage">e.g. <c>cluster down -a &lt;address&gt;</c>.</param>
/// <param name="Streams">Answers with a stream of <see cref="StreamLine"/> until the client stops it.</param>
public sealed record CommandInfo(string Name, string Description, string Usage, IReadOnlyList<SwitchInfo> Switches, bool Streams = false);

/// <param name="Name">Without the dash: "a" for <c>-a</c>.</param>
public sealed record SwitchInfo(string Name, string Description, bool Required, bool TakesValue = true);

[JsonSerializable(typeof(CommandRequest))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(StreamLine))]
[JsonSerializable(typeof(IReadOnlyList<PaletteInfo>))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class OperatorJson : JsonSerializerContext;
