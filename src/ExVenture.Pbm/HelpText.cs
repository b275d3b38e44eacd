using System.Text;

namespace ExVenture.Pbm;

/// <summary>What pbm prints for --help, and for <c>help</c>, <c>help &lt;palette&gt;</c> and <c>help &lt;palette&gt; &lt;command&gt;</c>.</summary>
public static class HelpText
{
    public const string Usage = """
        pbm: the ExVenture.Akka operator client (Petabridge.Cmd habits; HTTP+JSON to a node's operator port)

        Usage:
          pbm [options] <host:port> <palette> <command> [args...]  run one command and exit
          pbm [options] <host:port> help [<palette> [<command>]]   list palettes, or a palette's commands
          pbm [options] <host:port>                                an interactive prompt

          <host:port>  host:port, [ipv6]:port, or a bare host (port 9110)

        Options (before the host; everything after it belongs to the command):
          --token <t>          the operator token; else $PBM_TOKEN; else derived from $SECRET_KEY_BASE
          --json               print the whole CommandResponse as JSON (a stream: one StreamLine per line)
          --timeout <seconds>  how long a command may take (default 30); connecting gives up after 5
          -h, --help           this text

        Interactive prompt: help, help <palette>, exit (or quit, Ctrl-D); any other line is
        <palette> <command> [args...]. Up/Down for history, Tab completes palettes, commands and switches,
        Ctrl-C drops the line (on an empty line: leaves). Ctrl-C stops a streaming command (cluster tail).
        Quote words as in a shell: game wall "The bell tolls". With stdin redirected, pbm reads one command
        per line (no prompt, no editing): printf 'cluster show\n' | pbm 127.0.0.1:9110

        Exit codes:
          0    done (a stream ended, or Ctrl-C stopped it)
          1    the command failed (ok=false; 422 it failed; 404 no such palette or command; 400 bad switches)
          2    usage: a bad option, host or quote, or no token
          3    the node is unreachable (refused, unresolved, connect timeout) or did not answer in time (504)
          4    the node refused the token (401)
          5    the node answered outside the protocol
          130  Ctrl-C while waiting for a one-shot command
        The interactive prompt exits 0, or with the code of the last command that failed.

        Examples:
          pbm 127.0.0.1:9110 cluster show
          pbm --json 127.0.0.1:9110 cluster show
          pbm 127.0.0.1:9110 cluster tail
          PBM_TOKEN=... pbm [::1]:9110
        """;

    /// <summary><c>help</c> (no words), <c>help cluster</c>, <c>help cluster down</c>.</summary>
    public static string For(IReadOnlyList<PaletteInfo> palettes, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return Palettes(palettes);
        }

        var palette = palettes.FirstOrDefault(p => string.Equals(p.Name, words[0], StringComparison.OrdinalIgnoreCase))
            ?? throw new PbmException(PbmExitCodes.CommandFailed, $"no palette '{words[0]}'; palettes: {string.Join(", ", palettes.Select(p => p.Name))}");
        if (words.Count == 1)
        {
            return Palette(palette);
        }

        var command = palette.Commands.FirstOrDefault(c => string.Equals(c.Name, words[1], StringComparison.OrdinalIgnoreCase))
            ?? throw new PbmException(PbmExitCodes.CommandFailed, $"no command '{words[1]}' in {palette.Name}; commands: {string.Join(", ", palette.Commands.Select(c => c.Name))}");
        var text = new StringBuilder();
        Command(text, command);
        return text.ToString().TrimEnd('\n');
    }

    public static string Palettes(IReadOnlyList<PaletteInfo> palettes)
    {
        var text = new StringBuilder("Palettes (help <palette> for its commands; exit to leave):\n");
        var width = palettes.Count == 0 ? 0 : palettes.Max(p => p.Name.Length);
        foreach (var palette in palettes)
        {
            text.Append("  ").Append(palette.Name.PadRight(width)).Append("  ").Append(palette.Description).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Palette(PaletteInfo palette)
    {
        var text = new StringBuilder();
        text.Append(palette.Name).Append(": ").Append(palette.Description).Append('\n');
        foreach (var command in palette.Commands)
        {
            Command(text, command);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void Command(StringBuilder text, CommandInfo command)
    {
        text.Append("  ").Append(command.Usage).Append(command.Streams ? "   (streams; Ctrl-C stops)" : "").Append('\n');
        text.Append("      ").Append(command.Description).Append('\n');
        foreach (var option in command.Switches)
        {
            text.Append("      -").Append(option.Name).Append(option.TakesValue ? " <value>" : "")
                .Append("  ").Append(option.Description).Append(option.Required ? " (required)" : "").Append('\n');
        }
    }
}
