using ExVenture.Server.Mail;

namespace ExVenture.Server.Tests.Mail;

public sealed class MailTextTests
{
    [Fact]
    public void Text_is_encoded_and_http_urls_become_links()
    {
        var html = MailText.ToLinkedHtml("Open https://mud.example.test/reset?token=a&b=<c> now.\n<script>alert('x')</script>");

        Assert.Equal(
            "Open <a href=\"https://mud.example.test/reset?token=a&amp;b=\">https://mud.example.test/reset?token=a&amp;b=</a>&lt;c&gt; now.\n"
            + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            html);
    }

    [Theory]
    [InlineData("See http://mud.example.test/a.", "See <a href=\"http://mud.example.test/a\">http://mud.example.test/a</a>.")]
    [InlineData("(HTTPS://mud.example.test/b)", "(<a href=\"HTTPS://mud.example.test/b\">HTTPS://mud.example.test/b</a>)")]
    [InlineData("say \"https://x.test/q\" ok", "say &quot;<a href=\"https://x.test/q\">https://x.test/q</a>&quot; ok")]
    [InlineData("javascript:alert(1) ftp://x.test data:text/html,hi", "javascript:alert(1) ftp://x.test data:text/html,hi")]
    [InlineData("nohttps://x.test", "nohttps://x.test")]
    [InlineData("", "")]
    public void Only_http_and_https_urls_are_linked_without_trailing_punctuation(string text, string expected) =>
        Assert.Equal(expected, MailText.ToLinkedHtml(text));

    [Fact]
    public void The_html_document_keeps_the_line_breaks()
    {
        var html = MailText.ToHtmlDocument("one\ntwo https://x.test");

        Assert.Contains("<pre style=\"white-space: pre-wrap; font-family: inherit\">one\ntwo <a href=\"https://x.test\">https://x.test</a></pre>", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
    }
}
