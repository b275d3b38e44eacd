using ExVenture.Pbm;

var interrupts = new Interrupts();
Console.CancelKeyPress += (_, e) =>
{
    // Ours while a command runs (stop the stream, abandon the request); otherwise Ctrl-C ends pbm as usual.
    if (interrupts.Interrupt())
    {
        e.Cancel = true;
    }
};

var app = new PbmApp(Console.Out, Console.Error, Environment.GetEnvironmentVariable, interrupts);
return await app.RunAsync(args, palettes => Console.IsInputRedirected
    ? new TextLineSource(Console.In)
    : new ConsoleLineSource(new LineEditor(new Completion(palettes).Complete)));
