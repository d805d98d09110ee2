using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace DanVan.Hub.Tests.Security;

/// <summary>Runs after every other test class of this assembly (xunit runs non-parallel collections last).</summary>
[CollectionDefinition(nameof(AfterEverything), DisableParallelization = true)]
public sealed class AfterEverything;

/// <summary>
/// After the whole suite: no table of any test database, and no log line any hub wrote, holds a
/// 12-digit ID number, a phone number or an issued credential in clear. The test files feed citizens'
/// ID numbers and phone numbers in on purpose; none may have stayed. The scan also feeds some in
/// itself, on a hub of its own, so that it means the same when it runs alone.
/// </summary>
[Collection(nameof(AfterEverything))]
public sealed partial class PersonalDataScanTests : HubTest
{
    // Not inside a longer run of letters, digits or hyphens (hashes, UUIDs, tokens).
    [GeneratedRegex(@"(?<![0-9A-Za-z\-])(\d{12}|0[35789]\d{8}|\+84\d{9})(?![0-9A-Za-z\-])")]
    private static partial Regex PersonalNumber();

    [Fact]
    public async Task No_table_or_log_holds_an_id_number_a_phone_number_or_a_credential()
    {
        // The pattern finds what it must and passes over ids and hashes.
        Assert.Matches(PersonalNumber(), "CCCD: 001204012345, ĐT 0912345678");
        Assert.DoesNotMatch(PersonalNumber(), "01a204f3-8fc2-7dc1-954b-123456789012 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
        await using (var own = new RealMapHubFixture())
        {
            await own.InitializeAsync();
            // The hub stops right after the feed, possibly while a job the feed enqueued runs; Hangfire re-queues it.
            Expect(e => e.Category == "Hangfire.Server.Worker" && e.Message.Contains("re-queued", StringComparison.Ordinal));
            await FeedPersonalDataAsync(Watch(own.Host));
        }

        var secrets = HubHost.IssuedCredentials.SelectMany(c => new[] { c, c[(c.LastIndexOf('.') + 1)..] }).ToList();
        Assert.NotEmpty(TestDatabases.Created);
        Assert.NotEmpty(secrets);
        var findings = new List<string>();
        var rows = 0;

        foreach (var connectionString in TestDatabases.Created.Distinct())
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var tables = await connection.QueryAsync<string>("""
                select format('%I.%I', table_schema, table_name) from information_schema.tables
                 where table_type = 'BASE TABLE' and table_schema in ('public', 'hangfire')
                """);
            foreach (var table in tables)
            {
                foreach (var row in await connection.QueryAsync<string>($"select t::text from {table} t"))
                {
                    rows++;
                    Check($"{connection.Database}.{table}", row);
                }
            }
        }

        var lines = 0;
        foreach (var entry in LogCapture.All.SelectMany(c => c.Entries))
        {
            lines++;
            Check("log", entry.ToString());
        }

        // At least the real map of the scan's own database, and its own hub's log.
        Assert.True(rows > 10_000 && lines > 10, $"scanned only {rows} rows and {lines} log lines");
        Assert.True(findings.Count == 0, $"found in clear:\n{string.Join("\n", findings.Distinct().Take(20))}");

        void Check(string where, string text)
        {
            if (PersonalNumber().Match(text) is { Success: true } match)
            {
                findings.Add($"{where}: number {match.Value[..4]}… in {Excerpt(text, match.Index)}");
            }

            foreach (var secret in secrets.Where(s => text.Contains(s, StringComparison.Ordinal)))
            {
                findings.Add($"{where}: a credential ({secret[..6]}…)");
            }
        }
    }

    /// <summary>A police export whose rows carry reporters' names, phone numbers and ID numbers, one of them in a count.</summary>
    private static async Task FeedPersonalDataAsync(HubHost hub)
    {
        var header = Ingest.SourceFiles.PoliceHeader + ",Người báo cáo,Số điện thoại,Số CCCD người báo cáo";
        var csv = Ingest.SourceFiles.PoliceCsv(header,
            "00004,Phường Ba Đình,30/09/2025,100,90,80,70,60,150,1,1,Nguyễn Văn An,0912 345 678,001099012345",
            "00070,Phường Hai,30/09/2025,079203001234,90,80,70,60,150,1,1,Trần Thị Bình,+84 912 345 679,036188012346");

        var summary = await new DanVan.Contracts.V1.ImportService.ImportServiceClient(hub.CallInvoker)
            .ImportFileAsync(Ingest.IngestTestSupport.File("police-cccd-csv", csv));

        Assert.Equal((2, 1, 1), (summary.Received, summary.Inserted, summary.Rejected));
    }

    private static string Excerpt(string text, int index) => text.Substring(Math.Max(0, index - 40), Math.Min(80, text.Length - Math.Max(0, index - 40)));
}
