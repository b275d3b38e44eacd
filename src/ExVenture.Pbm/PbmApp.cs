using System.Text.Json;

namespace ExVenture.Pbm;

/// <summary>
/// pbm without the process: parses the arguments, runs one command or the prompt, writes to the given writers and
/// returns the exit code (<see cref="PbmExitCodes"/>). <see cref="Program"/> wires it to the console.
/// </summary>
public sealed class PbmApp(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, Interrupts interrupts)
{
    private static readonly JsonSerializerOptions Indented = new(OperatorProtocol.Json) { WriteIndented = true };

    /// <param name="lines">Where the prompt reads from; created lazily only for interactive mode.</param>
    public async Task<int> RunAsync(IReadOnlyList<string> args, Func<IReadOnlyList<PaletteInfo>, ILineSource> lines)
    {
        PbmArguments arguments;
        try
        {
            arguments = PbmArguments.Parse(args, environment);
        }
        catch (PbmException e)
        {
            return Fail(e);
        }

        if (arguments.Help)
        {
            stdout.WriteLine(HelpText.Usage);
            return PbmExitCodes.Ok;
        }

        using var client = new PbmClient(arguments.Endpoint, arguments.Token, arguments.Timeout);
        return arguments.Interactive
            ? await PromptAsync(client, arguments, lines)
            : await OneShotAsync(client, arguments.Json, arguments.Words);
    }

    private async Task<int> OneShotAsync(PbmClient client, bool json, IReadOnlyList<string> words)
    {
        if (IsHelp(words[0]))
        {
            var (palettes, failed) = await FetchPalettesAsync(client);
            if (palettes is null)
            {
                return failed;
            }

            try
            {
                stdout.WriteLine(HelpText.For(palettes, words.Skip(1).ToList()));
                return PbmExitCodes.Ok;
            }
            catch (PbmException e)
            {
                return Fail(e); // help for a palette or command the node does not have
            }
        }

        return await ExecuteAsync(client, json, new CommandRequest(words[0], words[1], words.Skip(2).ToList()));
    }

    /// <summary>The node's palettes, or null and the exit code to stop with (unreachable, refused, Ctrl-C).</summary>
    private async Task<(IReadOnlyList<PaletteInfo>? Palettes, int ExitCode)> FetchPalettesAsync(PbmClient client)
    {
        var run = interrupts.Begin();
        try
        {
            return (await client.PalettesAsync(run.Token), PbmExitCodes.Ok);
        }
        catch (PbmException e)
        {
            return (null, Fail(e));
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            return (null, PbmExitCodes.Interrupted);
        }
        finally
        {
            interrupts.End(run);
        }
    }

    private async Task<int> PromptAsync(PbmClient client, PbmArguments arguments, Func<IReadOnlyList<PaletteInfo>, ILineSource> lines)
    {
        var (palettes, failed) = await FetchPalettesAsync(client);
        if (palettes is null)
        {
            return failed;
        }

        var source = lines(palettes);
        var prompt = $"[{arguments.Endpoint}] pbm> ";
        if (source.IsTerminal)
        {
            stdout.WriteLine($"Connected to {arguments.Endpoint}: {string.Join(", ", palettes.Select(p => p.Name))}. Type help, or exit.");
        }

        var exitCode = PbmExitCodes.Ok;
        while (source.ReadLine(prompt) is { } line)
        {
            IReadOnlyList<string> words;
            try
            {
                words = CommandLine.Split(line);
            }
            catch (PbmException e)
            {
                exitCode = Fail(e);
                continue;
            }

            if (words.Count == 0 || words[0].StartsWith('#'))
            {
                continue;
            }

            if (words[0] is "exit" or "quit")
            {
                break;
            }

            if (IsHelp(words[0]) || words.Count == 1)
            {
                try
                {
                    stdout.WriteLine(HelpText.For(palettes, IsHelp(words[0]) ? words.Skip(1).ToList() : words));
                }
                catch (PbmException e)
                {
                    exitCode = Fail(e);
                }

                continue;
            }

            var code = await ExecuteAsync(client, arguments.Json, new CommandRequest(words[0], words[1], words.Skip(2).ToList()));
            if (code is not (PbmExitCodes.Ok or PbmExitCodes.Interrupted))
            {
                exitCode = code;
            }
        }

        return exitCode;
    }

    /// <summary>Runs one command: prints its answer, or each line of its stream until the node ends it or Ctrl-C.</summary>
    private async Task<int> ExecuteAsync(PbmClient client, bool json, CommandRequest request)
    {
        var run = interrupts.Begin();
        var streaming = false;
        try
        {
            await using var answer = await client.SendAsync(request, run.Token);
            if (answer.Response is { } response)
            {
                if (json)
                {
                    stdout.WriteLine(JsonSerializer.Serialize(response, Indented));
                }
                else if (response.Ok && response.Text.Length > 0)
                {
                    stdout.WriteLine(response.Text.TrimEnd('\n'));
                }

                stdout.Flush();
                return response.Ok ? PbmExitCodes.Ok : Fail(PbmClient.CommandFailed(request, response, null));
            }

            streaming = true;
            await foreach (var line in answer.ReadLinesAsync(run.Token))
            {
                stdout.WriteLine(json ? JsonSerializer.Serialize(line, OperatorProtocol.Json) : line.Text);
                stdout.Flush();
            }

            return PbmExitCodes.Ok;
        }
        catch (PbmException e)
        {
            if (json && e.Response is { } body)
            {
                stdout.WriteLine(JsonSerializer.Serialize(body, Indented));
            }

            return Fail(e);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // Ctrl-C: stopping a stream is how a stream ends; a one-shot command was abandoned.
            return streaming ? PbmExitCodes.Ok : PbmExitCodes.Interrupted;
        }
        finally
        {
            interrupts.End(run);
        }
    }

    private int Fail(PbmException e)
    {
        stderr.WriteLine($"pbm: {e.Message}");
        stderr.Flush();
        return e.ExitCode;
    }

    private static bool IsHelp(string word) => word is "help" or "?";
}
