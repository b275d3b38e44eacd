namespace ExVenture.Domain.Protocol;

/// <summary>Builds the frames of the wire protocol from views. One method per server → client topic.</summary>
public static class Frames
{
    public static Frame Display(string text) => Frame.Of(Topics.Display, new TextView(text));

    public static Frame Error(string code, string message) => Frame.Of(Topics.Error, new ErrorView(code, message));

    public static Frame Pong() => new(Topics.Pong, "{}");

    public static Frame RoomInfo(RoomView room) => Frame.Of(Topics.RoomInfo, room);

    public static Frame CharacterEnter(string name, string? direction) =>
        Frame.Of(Topics.CharacterEnter, new MovementView(new NameView(name), direction));

    public static Frame CharacterLeave(string name, string? direction) =>
        Frame.Of(Topics.CharacterLeave, new MovementView(new NameView(name), direction));

    public static Frame Say(string name, string text) => Frame.Of(Topics.RoomSay, new SpeechView(new NameView(name), text));

    public static Frame Whisper(string name, string text) => Frame.Of(Topics.RoomWhisper, new SpeechView(new NameView(name), text));

    public static Frame Emote(string name, string text) => Frame.Of(Topics.RoomEmote, new SpeechView(new NameView(name), text));

    public static Frame Channel(string channel, string name, string text) =>
        Frame.Of(Topics.ChannelBroadcast, new ChannelView(channel, new NameView(name), text));

    public static Frame Tell(string from, string text) => Frame.Of(Topics.Tell, new TellView(new NameView(from), text));

    public static Frame Vitals(VitalsView vitals) => Frame.Of(Topics.Vitals, vitals);

    public static Frame Inventory(IReadOnlyList<ItemView> items) => Frame.Of(Topics.InventoryAll, new ItemsView(items));

    public static Frame Who(IReadOnlyList<string> names) =>
        Frame.Of(Topics.Who, new WhoView(names.Select(n => new NameView(n)).ToList()));

    public static Frame Map(string text) => Frame.Of(Topics.Map, new TextView(text));
}
