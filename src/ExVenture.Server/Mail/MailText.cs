using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ExVenture.Server.Mail;

/// <summary>Turns a plain-text mail body into HTML: everything encoded, http(s) URLs made into links, nothing else interpreted.</summary>
internal static partial class MailText
{
    /// <summary>Characters that end a sentence more often than a URL: "see https://x.test/reset." links without the dot.</summary>
    private static readonly char[] TrailingPunctuation = ['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"'];

    /// <summary>The body as HTML (no surrounding element); only http and https become links, so no javascript: or data: URL does.</summary>
    public static string ToLinkedHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(text.Length + 64);
        var position = 0;
        foreach (Match match in Url().Matches(text))
        {
            var url = match.Value.TrimEnd(TrailingPunctuation);
            html.Append(WebUtility.HtmlEncode(text[position..match.Index]));
            var encoded = WebUtility.HtmlEncode(url);
            html.Append("<a href=\"").Append(encoded).Append("\">").Append(encoded).Append("</a>");
            position = match.Index + url.Length;
        }

        html.Append(WebUtility.HtmlEncode(text[position..]));
        return html.ToString();
    }

    /// <summary>A small HTML document for the mail's HTML part: the text as it reads in plain text, with links.</summary>
    public static string ToHtmlDocument(string text) =>
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>"
        + "<pre style=\"white-space: pre-wrap; font-family: inherit\">" + ToLinkedHtml(text) + "</pre></body></html>\n";

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
