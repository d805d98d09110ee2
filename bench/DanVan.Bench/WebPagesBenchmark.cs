using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using DanVan.Hub.Web.Accounts;
using DanVan.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Bench;

/// <summary>
/// The secretaries' calendar page and report page for a province of the real map (Hà Nội: the province
/// and its 126 communes, a year of periodic dialogues planned, half a year of held ones recorded), under
/// 50 concurrent logged-in sessions (50 logins, each its own cookie and connection), against the RPCs
/// that return the same data — ListDialogues (the province with its descendants, the page's window, one
/// page of up to 1,000) and SummarizeDialogues (same unit and dates) — called by 50 concurrent callers
/// with a secretary's credential limited to the province. Same hub, same run, rounds alternating.
/// </summary>
internal static partial class WebPagesBenchmark
{
    private const int Sessions = 50;
    private const string Province = "01";
    private const string Password = "mat-khau-do-tai";
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(4);

    public static async Task RunAsync()
    {
        Measure.Report($"## Web pages vs their RPCs: calendar and report of a province under {Sessions} logged-in sessions");
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var hub = await HubHost.StartAsync(connectionString, "--Logging:LogLevel:Default=Warning");
        var dialogues = new DialogueService.DialogueServiceClient(hub.CallInvoker);
        var units = new AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);
        var today = DateOnly.FromDateTime(hub.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);

        // The province's year planned, and a dialogue held in each commune every month of the half-year before.
        var planned = (await dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = Province, Year = today.Year })).Planned.Count;
        var communes = (await units.ListUnitsAsync(new ListUnitsRequest { ParentCode = Province, Level = AdminLevel.Commune, PageSize = 1000 })).Units;
        var halfYear = (From: new DateOnly(today.Year - 1, 7, 1), To: new DateOnly(today.Year - 1, 12, 31));
        for (var month = 8; month <= 12; month++)
        {
            var past = new RecordPastDialoguesRequest { RequestId = Guid.NewGuid().ToString() };
            past.Dialogues.AddRange(communes.Select((c, i) => new PastDialogue
            {
                UnitCode = c.Code, Kind = DialogueKind.Periodic, Title = "Hội nghị đối thoại định kỳ",
                HeldOn = Day(new DateOnly(today.Year - 1, month, 1 + i % 28)), Chair = $"{c.Code}:people-committee-chair",
                OpinionCounts = new OpinionCounts { Received = 12 + i % 7, AnsweredAtMeeting = 4, Resolved = 3 + i % 3, StillOpen = 2 },
            }));
            await dialogues.RecordPastDialoguesAsync(past);
        }

        var accounts = hub.Services.GetRequiredService<UserAccounts>();
        var (_, token) = await accounts.CreateAsync("dotai.hanoi", UserRole.ProvinceSecretary, Province, CancellationToken.None);
        await accounts.SetPasswordAsync(token, Password, Password, CancellationToken.None);
        HttpClient[] browsers;
        try
        {
            // Ten logins at a time: fifty at once each open a new connection to the database, and on a
            // loaded machine some time out connecting (the login answers 500), before anything is measured.
            var logins = new HttpClient[Sessions];
            await Parallel.ForAsync(0, Sessions, new ParallelOptions { MaxDegreeOfParallelism = 10 },
                async (i, _) => logins[i] = await LoginAsync(hub.WebAddress));
            browsers = logins;
        }
        catch (InvalidOperationException)
        {
            // A failed login says why only in the hub's log.
            foreach (var entry in hub.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error))
            {
                Console.Error.WriteLine(entry);
            }

            throw;
        }
        var credential = await hub.CreateClientAsync("bench-secretary", ClientKind.Secretary, ["dialogues:read"], Province);
        var rpc = new DialogueService.DialogueServiceClient(hub.CallInvokerFor(credential));

        var window = (From: new DateOnly(today.Year, today.Month, 1).AddMonths(-1), To: new DateOnly(today.Year, today.Month, 1).AddMonths(4).AddDays(-1));
        var list = new ListDialoguesRequest { UnitCode = Province, IncludeDescendants = true, StartDate = Day(window.From), EndDate = Day(window.To), PageSize = 1000 };
        var summary = new SummarizeDialoguesRequest { UnitCode = Province, StartDate = Day(halfYear.From), EndDate = Day(halfYear.To) };
        var reportUrl = $"/reports?unit={Province}&period=range&from={halfYear.From:yyyy-MM-dd}&to={halfYear.To:yyyy-MM-dd}";
        var listed = (await rpc.ListDialoguesAsync(list)).Dialogues.Count;
        var summarized = await rpc.SummarizeDialoguesAsync(summary);
        Measure.Report($"data: {planned} dialogues planned for {today.Year}, {listed} in the calendar's window; {summarized.PeriodicHeld} held in the half-year, " +
                       $"{summarized.OpinionsReceived} opinions, {summarized.Children.Count} communes' rows");

        var pairs = new (string Name, Func<int, Task> Page, Func<Task> Rpc)[]
        {
            ("calendar", i => GetAsync(browsers[i], "/?unit=all"), () => rpc.ListDialoguesAsync(list).ResponseAsync),
            ("report", i => GetAsync(browsers[i], reportUrl), () => rpc.SummarizeDialoguesAsync(summary).ResponseAsync),
        };
        foreach (var (name, page, call) in pairs)
        {
            await RoundAsync(page);
            await RoundAsync(_ => call());
            var pageRounds = new List<(double PerSecond, double P99)>();
            var rpcRounds = new List<(double PerSecond, double P99)>();
            for (var round = 0; round < 3; round++)
            {
                rpcRounds.Add(await RoundAsync(_ => call()));
                pageRounds.Add(await RoundAsync(page));
            }

            var (pageRate, pageP99) = (Measure.Median(pageRounds.Select(r => r.PerSecond)), Measure.Median(pageRounds.Select(r => r.P99)));
            var (rpcRate, rpcP99) = (Measure.Median(rpcRounds.Select(r => r.PerSecond)), Measure.Median(rpcRounds.Select(r => r.P99)));
            Measure.Report(string.Create(CultureInfo.InvariantCulture,
                $"{name}: RPC {rpcRate:F0} req/s, p99 {rpcP99:F1} ms; page {pageRate:F0} req/s, p99 {pageP99:F1} ms; " +
                $"cost ratio {rpcRate / pageRate:F2}x (target <= 1.5x), p99 ratio {pageP99 / rpcP99:F2}x (target <= 2x); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }

        foreach (var browser in browsers)
        {
            browser.Dispose();
        }
    }

    /// <summary>Requests per second and p99 latency (ms) of <see cref="Sessions"/> workers calling as fast as they can for one round.</summary>
    private static async Task<(double PerSecond, double P99)> RoundAsync(Func<int, Task> call)
    {
        var latencies = new List<double>[Sessions];
        var until = Stopwatch.GetTimestamp() + (long)(Round.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async i =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / Round.TotalSeconds, all[(int)(all.Count * 0.99)]);
    }

    private static async Task GetAsync(HttpClient browser, string url)
    {
        using var response = await browser.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>A browser's session: its own cookies and connection, logged in through the login form (antiforgery token first).</summary>
    private static async Task<HttpClient> LoginAsync(Uri web)
    {
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = web };
        var html = await browser.GetStringAsync("/login");
        var token = WebUtility.HtmlDecode(ValueAttribute().Match(AntiforgeryField().Match(html).Value).Groups[1].Value);
        using var response = await browser.PostAsync("/login", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("userName", "dotai.hanoi"), new("password", Password), new("returnUrl", "/")]));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"the login answered {(int)response.StatusCode}");
        }

        return browser;
    }

    private static Google.Type.Date Day(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
