using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace UptakeSim.Reports.Tests;

/// <summary>What a page looked like in headless Chromium at <paramref name="ViewportWidth"/> pixels wide.</summary>
public sealed record PageCheck(
    int ViewportWidth, int PageWidth, int Images, IReadOnlyList<string> BrokenImages, IReadOnlyList<string> Overflowing,
    IReadOnlyList<string> Scrolling, IReadOnlyList<string> ScrollingTables, IReadOnlyList<string> WrappedCells, IReadOnlyList<string> WrappedFacts,
    IReadOnlyList<string> Errors, IReadOnlyList<string> Console);

/// <summary>
/// Renders a page in headless Chromium (found or installed by tests/browser.sh) and reports what a reader would see
/// wrong: images that did not load, content wider than the window (1280 pixels, or a phone's 420), table cells whose
/// text wrapped, and any error or console message. The checks run in the page itself: a copy of the page, in a frame as
/// wide as asked, gets a script that runs them when the page has loaded and writes them into the DOM of the page around
/// the frame, which Chromium's --dump-dom prints.
/// </summary>
internal static partial class Browser
{
    public const int Width = 1280;

    /// <summary>A phone held upright: tables too wide for it scroll inside their own box, and the names and values of
    /// a table of facts (prose) wrap.</summary>
    public const int Phone = 420;

    private const int MinimumWindow = 500;

    private static readonly Lazy<(string? Path, string Reason)> Executable = new(Find);

    /// <summary>Skips the calling test, saying why, when no Chromium can be found or installed.</summary>
    public static string Require()
    {
        var (path, reason) = Executable.Value;
        Skip.If(path is null, $"no headless browser: {reason}");
        return path!;
    }

    public static PageCheck Check(string html, int width = Width)
    {
        var chromium = Require();
        var directory = Directory.CreateTempSubdirectory("uptakesim-browser-").FullName;
        try
        {
            var page = Path.Combine(directory, "report.html");
            var head = html.IndexOf("<head>", StringComparison.Ordinal);
            Assert.True(head >= 0, "the page has no <head>");
            // First in the head, so that it also sees errors raised while the rest of the page loads.
            var checkedPage = html.Insert(head + "<head>".Length, $"\n<script>{Checks}</script>");
            // Chromium's windows are at least 500 pixels wide, so the page is laid out in a frame exactly as wide as asked.
            File.WriteAllText(page, $"""
                <!DOCTYPE html><html><head><title>check</title></head><body style="margin: 0">
                <iframe srcdoc="{WebUtility.HtmlEncode(checkedPage)}" style="display: block; border: 0; width: {width}px; height: 1000px"></iframe>
                </body></html>
                """);
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    $"--user-data-dir={Path.Combine(directory, "profile")}", $"--window-size={Math.Max(width, MinimumWindow)},1000", "--hide-scrollbars",
                    "--enable-logging=stderr", "--v=0", "--dump-dom", new Uri(page).AbsoluteUri,
                },
            };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 2 minutes");
            }
            var console = ConsoleLine().Matches(error.Result).Select(m => m.Groups[1].Value).ToArray();
            var result = CheckResult().Match(output);
            Assert.True(result.Success, $"chromium printed no check result (exit code {process.ExitCode}); stderr:\n{error.Result}");
            using var json = JsonDocument.Parse(WebUtility.HtmlDecode(result.Groups[1].Value));
            var root = json.RootElement;
            string[] List(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
            return new PageCheck(
                root.GetProperty("viewport").GetInt32(), root.GetProperty("pageWidth").GetInt32(), root.GetProperty("images").GetInt32(),
                List("brokenImages"), List("overflowing"), List("scrolling"), List("scrollingTables"), List("wrappedCells"), List("wrappedFacts"), List("errors"), console);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Every check passed at <paramref name="width"/>: a message listing what failed otherwise. At the full
    /// width no table scrolls and no cell wraps; on a phone, tables may scroll and facts wrap.</summary>
    public static void AssertReadable(PageCheck check, int images, int width = Width)
    {
        var problems = new List<string>();
        if (check.ViewportWidth != width) problems.Add($"window {check.ViewportWidth} px wide, expected {width}");
        if (check.PageWidth > check.ViewportWidth) problems.Add($"page {check.PageWidth} px wide in a {check.ViewportWidth} px window");
        if (check.Images != images) problems.Add($"{check.Images} images, expected {images}");
        problems.AddRange(check.BrokenImages.Select(i => $"image did not load: {i}"));
        problems.AddRange(check.Overflowing.Select(e => $"past the window's right edge: {e}"));
        problems.AddRange(check.Scrolling.Select(e => $"scrolls sideways: {e}"));
        problems.AddRange(check.WrappedCells.Select(c => $"table cell wraps: {c}"));
        if (width >= Width)
        {
            problems.AddRange(check.ScrollingTables.Select(e => $"table scrolls sideways: {e}"));
            problems.AddRange(check.WrappedFacts.Select(c => $"fact wraps: {c}"));
        }
        problems.AddRange(check.Errors.Select(e => $"error: {e}"));
        problems.AddRange(check.Console.Select(c => $"console: {c}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static (string? Path, string Reason) Find()
    {
        var script = Path.Combine(TestSupport.TestFiles.RepositoryRoot, "tests", "browser.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { script } };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var path = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(path)
            ? (path, "")
            : (null, $"tests/browser.sh failed (exit code {process.ExitCode}): {error.Result.Trim().Split('\n').LastOrDefault()}");
    }

    // Chromium logs every console message, whatever its level, as "...:CONSOLE:<line>] "text", source: ...".
    [GeneratedRegex(@":CONSOLE[^\]]*\] (.*)")]
    private static partial Regex ConsoleLine();

    [GeneratedRegex(@"<pre id=""uptakesim-check"">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex CheckResult();

    /// <summary>
    /// Runs on load in the frame, and writes its result into the page holding the frame. A wrapped cell is one whose
    /// text lays out on more than one line; not checked: column headers, prose cells (class "text") and cells that put
    /// their content on several lines on purpose (&lt;br&gt; or a list); the cells of a table of facts are reported
    /// apart. An element overflows when its right edge is past the window's, unless it lies inside a scroller, which
    /// clips it and lets the reader scroll to it; a scroller is an element that holds content wider than itself behind a
    /// horizontal scroll bar (a &lt;pre&gt; of YAML may: it is code), tables reported apart.
    /// </summary>
    private const string Checks = """
        (() => {
          const errors = [];
          addEventListener('error', e => errors.push(e.message || ('failed to load ' + (e.target && (e.target.src || e.target.tagName)))), true);
          addEventListener('load', () => {
            const describe = e => (e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' "' + (e.textContent || e.alt || '').trim().slice(0, 60) + '"');
            const width = document.documentElement.clientWidth;
            const images = [...document.images];
            const all = [...document.body.querySelectorAll('*')];
            const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
            const scroller = e => e.scrollWidth > e.clientWidth + 1 && scrolls(e);
            const insideScroller = e => { for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true; return false; };
            const lines = node => {
              const range = document.createRange();
              range.selectNodeContents(node);
              return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
            };
            const cells = [...document.querySelectorAll('td, th')].filter(c => !c.closest('thead') && !c.classList.contains('text') && !c.querySelector('br, ul, ol') && lines(c) > 1);
            const result = {
              viewport: width,
              pageWidth: document.documentElement.scrollWidth,
              images: images.length,
              brokenImages: images.filter(i => !i.complete || i.naturalWidth === 0).map(describe),
              overflowing: all.filter(e => e.getBoundingClientRect().right > width + 0.5 && !insideScroller(e)).map(describe),
              scrolling: all.filter(e => !['PRE', 'TABLE'].includes(e.tagName) && scroller(e)).map(describe),
              scrollingTables: all.filter(e => e.tagName === 'TABLE' && scroller(e)).map(describe),
              wrappedCells: cells.filter(c => !c.closest('.facts')).map(describe),
              wrappedFacts: cells.filter(c => c.closest('.facts')).map(describe),
              errors,
            };
            const pre = document.createElement('pre');
            pre.id = 'uptakesim-check';
            pre.textContent = JSON.stringify(result);
            parent.document.body.appendChild(pre);
          });
        })();
        """;
}
