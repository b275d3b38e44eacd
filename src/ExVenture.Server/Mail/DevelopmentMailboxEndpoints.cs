using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ExVenture.Server.Mail;

/// <summary>
/// <c>GET /dev/mailbox</c> (a page) and <c>GET /dev/mailbox.json</c>: the mail the server would have sent, so a developer
/// can follow a reset link without an SMTP server. Mapped only in Development: mail bodies carry reset links, so
/// anywhere else these paths do not exist.
/// </summary>
public static class DevelopmentMailboxEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapDevelopmentMailbox(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return app;
        }

        app.MapGet("/dev/mailbox", (HttpContext context, DevelopmentMailbox mailbox) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content(RenderPage(mailbox.Messages), "text/html; charset=utf-8");
        });
        app.MapGet("/dev/mailbox.json", (HttpContext context, DevelopmentMailbox mailbox) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(mailbox.Messages, Json);
        });
        return app;
    }

    internal static string RenderPage(IReadOnlyList<MailboxEntry> messages)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Mailbox (development) · ExVenture</title>
            <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body>
            <main>
            <h1>Mailbox</h1>
            <p class="notice">This page shows the mail the server would send (newest first, the last 200). It exists only in development.</p>

            """);
        if (messages.Count == 0)
        {
            html.Append("<p>No mail yet.</p>\n");
        }

        foreach (var message in messages)
        {
            var utc = message.Time.ToUniversalTime();
            html.Append("<article class=\"mail\">\n<dl>\n")
                .Append("<dt>To</dt><dd>").Append(WebUtility.HtmlEncode(message.To)).Append("</dd>\n")
                .Append("<dt>Subject</dt><dd>").Append(WebUtility.HtmlEncode(message.Subject)).Append("</dd>\n")
                .Append("<dt>Time</dt><dd><time datetime=\"").Append(utc.ToString("O", CultureInfo.InvariantCulture)).Append("\">")
                .Append(utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC</time></dd>\n")
                .Append("</dl>\n<pre>").Append(MailText.ToLinkedHtml(message.Text)).Append("</pre>\n</article>\n");
        }

        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
