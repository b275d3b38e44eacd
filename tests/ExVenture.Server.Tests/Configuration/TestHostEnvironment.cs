using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ExVenture.Server.Tests.Configuration;

/// <summary>A plain host environment value: a name and a content root.</summary>
public sealed class TestHostEnvironment(string environmentName, string contentRootPath) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = environmentName;

    public string ApplicationName { get; set; } = "ExVenture.Server";

    public string ContentRootPath { get; set; } = contentRootPath;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
