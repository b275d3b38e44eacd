using System.Globalization;

namespace ExVenture.Pbm;

/// <summary>
/// pbm's command line: <c>pbm [--token &lt;t&gt;] [--json] [--timeout &lt;seconds&gt;] &lt;host:port&gt; [&lt;palette&gt; &lt;command&gt; [args...]]</c>.
/// pbm's own options come before the host; everything after the host belongs to the command, so a command's switches
/// (<c>-a</c>, even <c>--json</c>) are passed through untouched.
/// </summary>
public sealed record PbmArguments
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public bool Help { get; init; }

    public PbmEndpoint Endpoint { get; init; } = new("127.0.0.1", OperatorProtocol.DefaultPort);

    public string Token { get; init; } = "";

    /// <summary>Where the token came from ("--token", "PBM_TOKEN", "SECRET_KEY_BASE"), for messages.</summary>
    public string TokenSource { get; init; } = "";

    public bool Json { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The words after the host: empty for the interactive prompt, else palette, command and arguments.</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    public bool Interactive => Words.Count == 0;

    /// <summary>Parses <paramref name="args"/>; <paramref name="environment"/> reads PBM_TOKEN and SECRET_KEY_BASE.
    /// Throws <see cref="PbmException"/> with <see cref="PbmExitCodes.Usage"/> when the line is wrong.</summary>
    public static PbmArguments Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        string? token = null;
        var json = false;
        var timeout = DefaultTimeout;
        var i = 0;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                i++;
                break;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                break;
            }

            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    return new PbmArguments { Help = true };
                case "--json" when inline is null:
                    json = true;
                    break;
                case "--token" or "-t":
                    token = inline ?? Value(args, ref i, name);
                    if (token.Length == 0)
                    {
                        throw PbmException.Usage("--token is empty");
                    }

                    break;
                case "--timeout":
                    var text = inline ?? Value(args, ref i, name);
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 86400)
                    {
                        throw PbmException.Usage($"--timeout '{text}': expected seconds, e.g. --timeout 10");
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    throw PbmException.Usage($"unknown option '{arg}' (pbm's options go before the host; see pbm --help)");
            }
        }

        if (i >= args.Count)
        {
            throw PbmException.Usage("missing <host:port> (see pbm --help)");
        }

        var endpoint = PbmEndpoint.Parse(args[i]);
        var words = args.Skip(i + 1).ToList();
        if (words.Count == 1 && words[0] is not ("help" or "?"))
        {
            throw PbmException.Usage($"'{words[0]}': missing the command; usage: pbm <host:port> <palette> <command> [args...], or pbm <host:port> help {words[0]}");
        }

        var (resolved, source) = ResolveToken(token, environment);
        return new PbmArguments { Endpoint = endpoint, Token = resolved, TokenSource = source, Json = json, Timeout = timeout, Words = words };
    }

    /// <summary>--token, else PBM_TOKEN, else the token derived from SECRET_KEY_BASE (as every node does), else a usage error.</summary>
    public static (string Token, string Source) ResolveToken(string? option, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return (option, "--token");
        }

        if (environment("PBM_TOKEN") is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, "PBM_TOKEN");
        }

        if (environment("SECRET_KEY_BASE") is { Length: > 0 } secret)
        {
            return (OperatorToken.Derive(secret), "SECRET_KEY_BASE");
        }

        throw PbmException.Usage("no operator token: pass --token <t>, set PBM_TOKEN, or set SECRET_KEY_BASE to the cluster's");
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw PbmException.Usage($"{name} needs a value");
        }

        return args[++i];
    }
}
