using System.Reflection;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Cluster;
using ExVenture.Domain.World;
using ExVenture.Operations;

namespace ExVenture.Actors.Operator;

/// <summary>The <c>actor</c> and <c>log</c> palettes and <c>game world check</c>: facts about this node alone.</summary>
public sealed class NodeCommands(ActorSystem system, OperatorNodeOptions options)
{
    /// <summary>Children listed per actor in <c>actor hierarchy</c>; a session per player would otherwise flood it.</summary>
    private const int ChildrenShown = 25;

    public CommandResponse System()
    {
        var cluster = Cluster.Get(system);
        var uptime = system.Uptime;
        var info = new SystemInfo(
            system.Name,
            cluster.SelfAddress.ToString(),
            cluster.SelfMember.Status.ToString(),
            cluster.SelfRoles.Order(StringComparer.Ordinal).ToList(),
            options.Region,
            DateTimeOffset.UtcNow - uptime,
            (long)uptime.TotalSeconds,
            Version(typeof(ActorSystem).Assembly),
            RuntimeInformation.FrameworkDescription,
            Version(typeof(NodeCommands).Assembly),
            Environment.MachineName,
            Environment.ProcessId);
        var text = string.Join('\n',
            $"Name: {info.Name}",
            $"Address: {info.Address}",
            $"Status: {info.Status}",
            $"Roles: [{string.Join(", ", info.Roles)}]",
            $"Region: {info.Region}",
            $"Started: {info.StartedAt:u}",
            $"Uptime: {(int)uptime.TotalDays}d {uptime.Hours:00}h {uptime.Minutes:00}m {uptime.Seconds:00}s",
            $"Akka.NET: {info.AkkaVersion}",
            $"Runtime: {info.Runtime}",
            $"ExVenture: {info.GameVersion}",
            $"Machine: {info.Machine}, process {info.ProcessId}");
        return OperatorReplies.Ok(text, info);
    }

    /// <summary>The <c>/user</c> tree to <paramref name="depth"/> levels, read from the local actor cells (the tree is
    /// this node's, so nothing needs to cross the wire, and no answer window can miss a slow actor).</summary>
    public CommandResponse Hierarchy(int depth)
    {
        var guardian = ((ExtendedActorSystem)system).Guardian;
        var root = Walk(guardian, depth);
        var lines = new List<string>();
        Render(root, 0, lines);
        return OperatorReplies.Ok(string.Join('\n', lines), root);
    }

    public CommandResponse Peek(int count)
    {
        if (options.Log is not { } log)
        {
            return OperatorReplies.Failed("This node keeps no log lines in memory.");
        }

        var lines = log.Last(count);
        return OperatorReplies.Ok(string.Join('\n', lines), new { Lines = lines });
    }

    public CommandResponse WorldCheck()
    {
        var directory = options.WorldDirectory;
        try
        {
            var world = WorldLoader.LoadFromDirectory(directory);
            var summary = new WorldSummary(directory, world.Name, world.Zones.Count, world.Rooms.Count, world.ItemKinds.Count, world.StartRoomId, []);
            return OperatorReplies.Ok(
                $"The world in {directory} is valid: '{world.Name}', {summary.Zones} zones, {summary.Rooms} rooms, {summary.ItemKinds} item kinds; players start in {world.StartRoomId}.",
                summary);
        }
        catch (WorldLoadException e)
        {
            return OperatorReplies.Failed(
                $"The world in {directory} has {e.Errors.Count} {(e.Errors.Count == 1 ? "problem" : "problems")}.",
                string.Join('\n', e.Errors),
                new WorldSummary(directory, null, 0, 0, 0, null, e.Errors));
        }
    }

    private static ActorNode Walk(IActorRef actor, int depth)
    {
        var children = depth > 0 && actor is ActorRefWithCell cell
            ? cell.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToList()
            : [];
        return new ActorNode(
            actor.Path.Name,
            actor.Path.ToStringWithoutAddress(),
            children.Take(ChildrenShown).Select(c => Walk(c, depth - 1)).ToList(),
            Math.Max(0, children.Count - ChildrenShown));
    }

    private static void Render(ActorNode node, int level, List<string> lines)
    {
        lines.Add(new string(' ', level * 2) + (level == 0 ? node.Path : node.Name));
        foreach (var child in node.Children)
        {
            Render(child, level + 1, lines);
        }

        if (node.More > 0)
        {
            lines.Add(new string(' ', (level + 1) * 2) + $"… and {node.More} more");
        }
    }

    private static string Version(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private sealed record SystemInfo(
        string Name, string Address, string Status, IReadOnlyList<string> Roles, string Region, DateTimeOffset StartedAt, long UptimeSeconds,
        string AkkaVersion, string Runtime, string GameVersion, string Machine, int ProcessId);

    private sealed record ActorNode(string Name, string Path, IReadOnlyList<ActorNode> Children, int More);

    private sealed record WorldSummary(string Directory, string? Name, int Zones, int Rooms, int ItemKinds, string? StartRoom, IReadOnlyList<string> Problems);
}
