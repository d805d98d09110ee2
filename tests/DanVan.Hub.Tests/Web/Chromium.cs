using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DanVan.Hub.Tests.Web;

/// <summary>
/// Debian's chromium driven by Playwright (no browser of Playwright's own is downloaded), one per test
/// class; each test opens its own context, so cookies never leak from one test to the next.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: ./danvan.sh test installs Debian's chromium.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // The browser runs on the real clock even when the suite runs under libfaketime: the pages
            // take "today" from the hub, and Chromium does not start with a faked clock.
            Env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Select(e => ((string)e.Key, (string?)e.Value ?? ""))
                .Where(e => e.Item1 != "LD_PRELOAD" && !e.Item1.StartsWith("FAKETIME", StringComparison.Ordinal))
                .ToDictionary(e => e.Item1, e => e.Item2),
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh browser profile pointed at <paramref name="host"/>'s web listener, phone-sized when asked.</summary>
    public async Task<IPage> OpenAsync(HubHost host, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.WebAddress.ToString(),
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout((float)Timeouts.Call.TotalMilliseconds);
        var page = await context.NewPageAsync();
        // What the page's scripts said, in the test's output; a script error fails the test when it ends.
        page.Console += (_, message) => TestContext.Current.TestOutputHelper?.WriteLine($"browser console {message.Type}: {message.Text}");
        page.PageError += (_, error) => TestContext.Current.TestOutputHelper?.WriteLine($"browser script error: {error}");
        return page;
    }

    /// <summary>A fresh browser profile logged in as <paramref name="userName"/> (password <see cref="WebTestSupport.Password"/>), on the home page.</summary>
    public async Task<IPage> LogInAsync(HubHost host, string userName)
    {
        var page = await OpenAsync(host);
        await page.GotoAsync("/login");
        await page.GetByLabel("Tên đăng nhập").FillAsync(userName);
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync(WebTestSupport.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).First.ClickAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

public static class PageChecks
{
    /// <summary>The test results folder the screenshots go to (DANVAN_TEST_RESULTS, or TestResults beside the repository's root).</summary>
    public static string ResultsFolder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("DANVAN_TEST_RESULTS") is { Length: > 0 } set
                ? set
                : Path.Combine(RepoPaths.Root, "TestResults");
            // Relative to the repository's root, as danvan.sh and CI give it.
            var screenshots = Path.Combine(Path.GetFullPath(folder, RepoPaths.Root), "screenshots");
            Directory.CreateDirectory(screenshots);
            return screenshots;
        }
    }

    /// <summary>Saves a full-page screenshot named <paramref name="name"/> as a build artefact.</summary>
    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ResultsFolder, name + ".png"), FullPage = true });

    /// <summary>Runs axe over the page for WCAG 2.0/2.1 A and AA and fails on any violation, naming each.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, $"axe on {page.Url}:\n" + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")));
    }
}
