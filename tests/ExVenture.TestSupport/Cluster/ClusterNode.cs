using System.Globalization;
using System.Text;
using ExVenture.TestSupport.Game;

namespace ExVenture.TestSupport.Cluster;

/// <summary>Where a node of a <see cref="LocalCluster"/> is in its life, as the harness drove it.</summary>
public enum NodeState
{
    NotStarted,
    Starting,
    Up,
    Stopping,
    Stopped,
    Killed,
}

/// <summary>
/// One node slot of a <see cref="LocalCluster"/>: its HTTP and cluster ports (kept across restarts, so a restarted node
/// comes back at the same address), the running server process if any, and the output of every incarnation.
/// </summary>
public sealed class ClusterNode
{
    private readonly List<(int Incarnation, string Output)> _pastOutputs = [];

    internal ClusterNode(int index, int httpPort, int clusterPort, int operatorPort)
    {
        Index = index;
        HttpPort = httpPort;
        ClusterPort = clusterPort;
        OperatorPort = operatorPort;
        BaseUri = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>1-based, as in "node 1".</summary>
    public int Index { get; }

    public string Name => $"node{Index.ToString(CultureInfo.InvariantCulture)}";

    public int HttpPort { get; }

    public int ClusterPort { get; }

    /// <summary>host:port, the form <c>CLUSTER_SEEDS</c> takes.</summary>
    public string ClusterAddress => $"127.0.0.1:{ClusterPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The node's operator host (OPERATOR_PORT), for <c>pbm</c>.</summary>
    public int OperatorPort { get; }

    /// <summary><c>host:port</c> as <c>pbm</c> takes it.</summary>
    public string OperatorEndpoint => $"127.0.0.1:{OperatorPort.ToString(CultureInfo.InvariantCulture)}";

    public Uri BaseUri { get; }

    public NodeState State { get; internal set; } = NodeState.NotStarted;

    /// <summary>True while the node is an Up member that the harness has not begun to stop: the place to send players.</summary>
    public bool IsServing => State == NodeState.Up;

    /// <summary>How many times this node was started.</summary>
    public int Incarnation { get; private set; }

    internal ServerProcess? Process { get; private set; }

    /// <summary>The running incarnation's process id, for sampling its CPU and memory; null when not running.</summary>
    public int? ProcessId => Process is { HasExited: false } running ? running.ProcessId : null;

    /// <summary>Everything every incarnation of this node wrote, oldest first, or its last <paramref name="tailLines"/> lines per incarnation.</summary>
    public string Output(int? tailLines = null)
    {
        var text = new StringBuilder();
        var current = Process is null ? [] : new[] { (Incarnation, Process.Output) };
        foreach (var (incarnation, output) in _pastOutputs.Concat(current))
        {
            text.Append(CultureInfo.InvariantCulture, $"----- {Name}, start #{incarnation} (http {HttpPort}, cluster {ClusterPort}) -----\n");
            var lines = output.Split('\n');
            if (tailLines is { } tail && lines.Length > tail)
            {
                text.Append(CultureInfo.InvariantCulture, $"… {lines.Length - tail} earlier lines …\n");
                lines = lines[^tail..];
            }

            text.AppendJoin('\n', lines).Append('\n');
        }

        return text.ToString();
    }

    internal void Started(ServerProcess process)
    {
        Process = process;
        State = NodeState.Up;
    }

    internal async Task BeginIncarnationAsync()
    {
        if (Process is { } previous)
        {
            _pastOutputs.Add((Incarnation, previous.Output));
            await previous.DisposeAsync();
            Process = null;
        }

        Incarnation++;
        State = NodeState.Starting;
    }

    internal void StartFailed(string output)
    {
        _pastOutputs.Add((Incarnation, output));
        State = NodeState.Stopped;
    }
}
