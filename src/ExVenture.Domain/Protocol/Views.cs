namespace ExVenture.Domain.Protocol;

public sealed record NameView(string Name);

public sealed record ItemView(string Id, string Name);

public sealed record ExitView(string Direction, string RoomId);

public sealed record RoomView(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<ExitView> Exits,
    IReadOnlyList<NameView> Characters,
    IReadOnlyList<ItemView> Items,
    int X,
    int Y,
    int Z);

public sealed record VitalsView(int Health, int MaxHealth, int Skill, int MaxSkill, int Endurance, int MaxEndurance);

public sealed record MovementView(NameView Character, string? Direction);

public sealed record SpeechView(NameView Character, string Text);

public sealed record TellView(NameView From, string Text);

public sealed record ChannelView(string Channel, NameView Character, string Text);

public sealed record TextView(string Text);

public sealed record ErrorView(string Code, string Message);

public sealed record ItemsView(IReadOnlyList<ItemView> Items);

public sealed record WhoView(IReadOnlyList<NameView> Characters);
