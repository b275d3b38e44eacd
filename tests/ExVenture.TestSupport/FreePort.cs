using System.Net;
using System.Net.Sockets;

namespace ExVenture.TestSupport;

/// <summary>Loopback TCP ports that were free a moment ago (the OS picks them, so parallel tests rarely collide).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
