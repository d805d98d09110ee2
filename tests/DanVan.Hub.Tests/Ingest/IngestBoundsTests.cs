using DanVan.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// A batch costs in proportion to what it asks: a file of millions of bad rows gets a short answer, and
/// no value can make the totals of everyone else's queries overflow.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class IngestBoundsTests(RealMapHubFixture fixture, ITestOutputHelper output) : HubTest<RealMapHubFixture>(fixture)
{
    private readonly ImportService.ImportServiceClient _import = new(fixture.Host.CallInvoker);
    private readonly IdIssuanceService.IdIssuanceServiceClient _ids = new(fixture.Host.CallInvoker);

    [Fact]
    public async Task A_file_of_millions_of_bad_rows_lists_the_first_thousand_problems_and_counts_them_all()
    {
        // 24 MiB of "{}," : 8.4 million items, each without its unit and its period.
        const int items = (24 * 1024 * 1024 - 2) / 3;
        var json = new byte[items * 3 + 1];
        for (var i = 0; i < items; i++)
        {
            "{},"u8.CopyTo(json.AsSpan(i * 3 + 1));
        }

        (json[0], json[^1]) = ((byte)'[', (byte)']');
        var request = File("one-stop-json", json);
        var before = await StoreStateAsync(Fixture.ConnectionString);

        IngestSummary summary = null!;
        var growth = await HeapGrowth.DuringAsync(async () => summary = await _import.ImportFileAsync(request).ResponseAsync);

        output.WriteLine($"{json.Length:N0} bytes sent, {summary.CalculateSize():N0} bytes answered, heap grew by {growth / 1024.0 / 1024:N1} MiB at most");
        Assert.Equal((items, items, false), (summary.Received, summary.Rejected, summary.Applied));
        Assert.Equal(1_000, summary.Problems.Count);
        Assert.Equal(Enumerable.Range(1, 500).SelectMany(r => new[] { (r, "unit_code"), (r, "period") }), summary.Problems.Select(p => (p.Row, p.Field)));
        Assert.Equal(2 * items, summary.TotalProblems);
        Assert.Equal(new Dictionary<string, int> { ["REQUIRED"] = 2 * items }, summary.ProblemCounts);
        Assert.True(summary.CalculateSize() < 100 * 1024, $"the answer is {summary.CalculateSize():N0} bytes");
        // The request itself is held three times over (the client's copy, the server's buffer and its message).
        Assert.True(growth < 128L * 1024 * 1024, $"the heap grew by {growth / 1024 / 1024} MiB");
        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));
    }

    [Fact]
    public async Task A_value_above_its_plausible_bound_is_a_row_problem_and_writes_nothing()
    {
        var before = await StoreStateAsync(Fixture.ConnectionString);

        var summary = await SubmitAsync(new IdIssuanceReport
        {
            UnitCode = "00004", ReportDate = Day(2025, 9, 30), DossiersCollected = long.MaxValue, EligibleCitizens = 1_000_000_001,
        });

        Assert.Equal((1, 1, false), (summary.Received, summary.Rejected, summary.Applied));
        Assert.Equal(["dossiers_collected", "eligible_citizens"], summary.Problems.Select(p => p.Field));
        Assert.All(summary.Problems, p => Assert.Equal("VALUE_IMPLAUSIBLE", p.Code));
        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));
    }

    [Fact]
    public async Task A_province_still_adds_up_after_large_but_allowed_values()
    {
        var communes = await CommunesAsync("04", 30);
        var summary = await SubmitAsync(communes.Select(c => new IdIssuanceReport
        {
            UnitCode = c, ReportDate = Day(2025, 9, 30),
            DossiersCollected = 999_999_999, CardsProduced = 999_999_999, CardsReturned = 999_999_999, EligibleCitizens = 1_000_000_000,
        }).ToArray());
        Assert.Equal((30, 30), (summary.Received, summary.Inserted));

        var province = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "04", AsOf = Day(2025, 10, 1) })).Progress;

        Assert.Equal(30_000_000_000, province.Totals.EligibleCitizens);
        Assert.Equal(29_999_999_970, province.Totals.DossiersCollected);
        Assert.Equal((29_999_999_970, 30_000_000_000), (province.Coverage.Numerator, province.Coverage.Denominator));
        Assert.Equal(30, province.ReportingUnits);
    }

    [Fact]
    public async Task Values_stored_before_the_bounds_make_a_total_out_of_range_rather_than_an_unknown_error()
    {
        var communes = await CommunesAsync("12", 2);
        await SubmitAsync(communes.Select(c => new IdIssuanceReport { UnitCode = c, ReportDate = Day(2025, 9, 30), EligibleCitizens = 10 }).ToArray());
        await ScalarAsync<int>(Fixture.ConnectionString, """
            update observation o set value = 9223372036854775807 from admin_unit u
             where u.id = o.unit_id and u.code = any(@communes) and o.indicator = 'id.eligible_citizens'
            """, new { communes = communes.ToArray() });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = "12", AsOf = Day(2025, 10, 1) }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("TOTAL_OUT_OF_RANGE", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);

        var commune = (await _ids.GetIdIssuanceProgressAsync(new GetIdIssuanceProgressRequest { UnitCode = communes[0], AsOf = Day(2025, 10, 1) })).Progress;
        Assert.Equal(long.MaxValue, commune.Totals.EligibleCitizens);
    }

    private async Task<IngestSummary> SubmitAsync(params IdIssuanceReport[] reports)
    {
        var request = new SubmitIdIssuanceReportsRequest { Options = new BatchOptions { BatchId = Guid.NewGuid().ToString("N") } };
        request.Reports.AddRange(reports);
        return await _ids.SubmitIdIssuanceReportsAsync(request);
    }

    private async Task<List<string>> CommunesAsync(string province, int count)
    {
        var list = await new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker).ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(2025, 8, 1), PageSize = count,
        });
        Assert.Equal(count, list.Units.Count);
        return list.Units.Select(u => u.Code).ToList();
    }
}
