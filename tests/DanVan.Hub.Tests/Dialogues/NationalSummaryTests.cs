using Dapper;
using DanVan.Adapters.Time;
using DanVan.Contracts.V1;
using Npgsql;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// SummarizeDialogues without a unit, on the real map: past dialogues held in several provinces before
/// the 2025 reform (a district of Hà Nội, the province of Hà Giang, a commune of Bình Dương) and after
/// it (wards of Hà Nội and Hồ Chí Minh City, a commune of Tuyên Quang, the city itself), some with
/// counts and some opinion by opinion, and proposals waiting in two provinces.
/// </summary>
public sealed class NationalSummaryTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly AdminUnitService.AdminUnitServiceClient _units = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);

    private sealed record Held(string UnitCode, DateOnly HeldOn, DialogueKind Kind, int Received, int Resolved, int Opinions);

    [Fact]
    public async Task The_country_is_the_sum_of_its_provinces_broken_down_by_each_province_the_dialogues_were_held_under()
    {
        var before = new DateOnly(2024, 6, 1);
        var today = VietnamTime.Today(Fixture.Clock);
        var binhDuong = await FirstCommuneAsync("74", before);
        var tuyenQuang = await CommunesAsync("08", today);
        var hoChiMinh = await CommunesAsync("79", today);
        Held[] held =
        [
            new("271", new DateOnly(2024, 4, 10), DialogueKind.Periodic, 12, 10, 0),
            new("02", new DateOnly(2024, 9, 3), DialogueKind.AdHoc, 7, 2, 0),
            new(binhDuong, new DateOnly(2025, 3, 20), DialogueKind.Periodic, 0, 0, 3),
            new("00004", new DateOnly(2026, 3, 12), DialogueKind.Periodic, 30, 25, 0),
            new(tuyenQuang[0], new DateOnly(2027, 8, 1), DialogueKind.AdHoc, 0, 0, 2),
            new(hoChiMinh[0], new DateOnly(2029, 12, 30), DialogueKind.Periodic, 5, 5, 0),
            new("79", new DateOnly(2028, 1, 15), DialogueKind.Periodic, 40, 31, 0),
        ];
        var request = new RecordPastDialoguesRequest { RequestId = Guid.NewGuid().ToString() };
        request.Dialogues.AddRange(held.Select(Past));
        await _dialogues.RecordPastDialoguesAsync(request);
        // Late dossiers in a commune of Tuyên Quang and one of Hồ Chí Minh City: one proposal each.
        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new BatchOptions { BatchId = "late-feb-2030" },
            Reports = { LateStats(tuyenQuang[1]), LateStats(hoChiMinh[1]) },
        });
        await Timeouts.Eventually(async () => await ProposedAsync() == 2, Timeouts.Call, "the rules to propose two dialogues");

        var (from, to) = (new DateOnly(2024, 1, 1), today);
        var national = await SummarizeAsync("", from, to);

        // By level, as recorded.
        var placed = new List<(AdminUnit Province, AdminLevel Level, Held Dialogue)>();
        foreach (var h in held)
        {
            var unit = await UnitAsync(h.UnitCode, h.HeldOn);
            placed.Add((await ProvinceAsync(unit, h.HeldOn), unit.Level, h));
        }

        Assert.Null(national.Unit);
        Assert.Equal(
            placed.GroupBy(p => p.Level).OrderBy(g => g.Key).Select(g => Figures(g.Key.ToString(), g.Select(p => p.Dialogue))),
            national.Levels.Select(l => $"{l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}"));
        Assert.Equal((held.Count(h => h.Kind == DialogueKind.Periodic), held.Count(h => h.Kind == DialogueKind.AdHoc)), (national.PeriodicHeld, national.AdHocHeld));
        Assert.Equal((held.Sum(h => h.Received + h.Opinions), held.Sum(h => h.Resolved)), (national.OpinionsReceived, national.OpinionsResolved));
        Assert.Equal(national.OpinionsResolved / (double)national.OpinionsReceived, national.ResolutionRate.Value, 9);

        // By province, each version as it was on the held day: Hà Giang and Bình Dương, gone since the
        // reform, appear as themselves beside Tuyên Quang and Hồ Chí Minh City of today.
        var expectedChildren = placed
            .GroupBy(p => (p.Province.Code, From: DayOf(p.Province.ValidFrom)))
            .OrderBy(g => g.Key.Code, StringComparer.Ordinal).ThenBy(g => g.Key.From)
            .Select(g => $"{g.Key.Code} {g.First().Province.Name} " + string.Join(" ", g.GroupBy(p => p.Level).OrderBy(l => l.Key)
                .Select(l => Figures(l.Key.ToString(), l.Select(p => p.Dialogue)))))
            .ToList();
        Assert.Equal(expectedChildren, national.Children.Select(c => $"{c.Unit.Code} {c.Unit.Name} " + string.Join(" ",
            c.Levels.Select(l => $"{l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}"))));
        Assert.Contains(national.Children, c => c.Unit.Code == "02" && c.Unit.ValidTo is { Year: 2025, Month: 7, Day: 1 });
        Assert.All(national.Children, c => Assert.Equal(AdminLevel.Province, c.Unit.Level));
        Assert.Equal(national.PeriodicHeld, national.Children.Sum(c => c.PeriodicHeld));

        // The sum of today's 34 provinces' own summaries (each counting the provinces it was formed from).
        var provinces = (await _units.ListUnitsAsync(new ListUnitsRequest { AsOf = Day(today.Year, today.Month, today.Day), PageSize = 100 })).Units;
        Assert.Equal(34, provinces.Count);
        var sums = new Dictionary<AdminLevel, (int Periodic, int AdHoc, int Received, int Resolved)>();
        var pending = 0;
        foreach (var province in provinces)
        {
            var summary = await SummarizeAsync(province.Code, from, to);
            pending += summary.ProposalsPending;
            foreach (var l in summary.Levels)
            {
                var s = sums.GetValueOrDefault(l.Level);
                sums[l.Level] = (s.Periodic + l.PeriodicHeld, s.AdHoc + l.AdHocHeld, s.Received + l.OpinionsReceived, s.Resolved + l.OpinionsResolved);
            }
        }

        Assert.Equal(sums.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value.Periodic}/{s.Value.AdHoc}/{s.Value.Received}/{s.Value.Resolved}"),
            national.Levels.Select(l => $"{l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}"));

        // Every proposal of the country, as the provinces' together.
        Assert.Equal((2, 2), (national.ProposalsPending, pending));

        // A range that leaves out the dialogues before 2026: the former provinces drop out.
        var lately = await SummarizeAsync("", new DateOnly(2026, 1, 1), today);
        Assert.Equal(["01", "08", "79"], lately.Children.Select(c => c.Unit.Code));
        Assert.Equal((4, 1), (lately.PeriodicHeld + lately.AdHocHeld, lately.AdHocHeld));
    }

    private static string Figures(string level, IEnumerable<Held> dialogues)
    {
        var list = dialogues.ToList();
        return $"{level} {list.Count(d => d.Kind == DialogueKind.Periodic)}/{list.Count(d => d.Kind == DialogueKind.AdHoc)}/"
            + $"{list.Sum(d => d.Received + d.Opinions)}/{list.Sum(d => d.Resolved)}";
    }

    private static DateOnly DayOf(Google.Type.Date? date) =>
        date is null || date.Year == 0 ? DateOnly.MinValue : new DateOnly(date.Year, date.Month, date.Day);

    private static PastDialogue Past(Held h)
    {
        var past = new PastDialogue
        {
            UnitCode = h.UnitCode, Kind = h.Kind, Title = "Hội nghị đối thoại", HeldOn = Day(h.HeldOn.Year, h.HeldOn.Month, h.HeldOn.Day),
            OpinionCounts = h.Opinions > 0 ? null : new OpinionCounts { Received = h.Received, Resolved = h.Resolved },
        };
        past.Opinions.AddRange(Enumerable.Range(1, h.Opinions).Select(n => new NewOpinion { Topic = "Đất đai", Content = $"Kiến nghị số {n} về cấp giấy chứng nhận" }));
        return past;
    }

    private static ProcedureStatsReport LateStats(string unit) => new()
    {
        UnitCode = unit, Month = Month(2030, 2), Received = 50, ReceivedOnline = 25,
        ResolvedEarly = 20, ResolvedOnTime = 20, ResolvedInTime = 40, ResolvedLate = 10, Resolved = 50,
    };

    private async Task<int> ProposedAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        return await connection.ExecuteScalarAsync<int>("select count(*)::int from dialogue where status = 'proposed'");
    }

    private async Task<SummarizeDialoguesResponse> SummarizeAsync(string unitCode, DateOnly from, DateOnly to) =>
        await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = unitCode, StartDate = Day(from.Year, from.Month, from.Day), EndDate = Day(to.Year, to.Month, to.Day),
        });

    private async Task<AdminUnit> UnitAsync(string code, DateOnly asOf) =>
        (await _units.GetUnitAsync(new GetUnitRequest { Code = code, AsOf = Day(asOf.Year, asOf.Month, asOf.Day) })).Unit;

    private async Task<AdminUnit> ProvinceAsync(AdminUnit unit, DateOnly asOf) =>
        unit.ParentCode.Length == 0 ? unit : await ProvinceAsync(await UnitAsync(unit.ParentCode, asOf), asOf);

    private async Task<string> FirstCommuneAsync(string province, DateOnly asOf) => (await CommunesAsync(province, asOf))[0];

    private async Task<IReadOnlyList<string>> CommunesAsync(string province, DateOnly asOf) =>
        (await _units.ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = province, Level = AdminLevel.Commune, AsOf = Day(asOf.Year, asOf.Month, asOf.Day), PageSize = 2,
        })).Units.Select(u => u.Code).ToList();
}
