namespace ExVenture.Pbm;

/// <summary>What <c>pbm</c> exits with, so scripts can tell a failed command from a node they cannot reach.</summary>
public static class PbmExitCodes
{
    /// <summary>The command ran and succeeded (or a stream ended, or Ctrl-C stopped it).</summary>
    public const int Ok = 0;

    /// <summary>The command failed: <c>ok = false</c>, 422 (it ran and failed), 404 (no such palette or command), 400 (bad switches).</summary>
    public const int CommandFailed = 1;

    /// <summary>pbm's own command line is wrong: unknown option, bad host, no token, unterminated quote.</summary>
    public const int Usage = 2;

    /// <summary>The node cannot be reached (refused, unresolvable, connect timeout), did not answer in time, or answered 504.</summary>
    public const int Unreachable = 3;

    /// <summary>The node refused the token (401).</summary>
    public const int Unauthorized = 4;

    /// <summary>The node answered something outside the protocol (another status, a body that is not a CommandResponse).</summary>
    public const int BadAnswer = 5;

    /// <summary>Ctrl-C while waiting for a one-shot (non-streaming) command.</summary>
    public const int Interrupted = 130;
}

/// <summary>A failure pbm reports in one line, with the exit code it maps to.</summary>
public sealed class PbmException(int exitCode, string message, CommandResponse? response = null, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The node's error body, when it sent one.</summary>
    public CommandResponse? Response { get; } = response;

    /// <summary>The HTTP status, when the node answered at all.</summary>
    public int? StatusCode { get; } = statusCode;

    public static PbmException Usage(string message) => new(PbmExitCodes.Usage, message);
}
