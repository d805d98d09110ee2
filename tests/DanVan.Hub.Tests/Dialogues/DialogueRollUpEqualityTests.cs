using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Scheduler.Dialogues;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using AdminLevel = DanVan.Contracts.V1.AdminLevel;
using DialogueKind = DanVan.Contracts.V1.DialogueKind;
using DialogueStatus = DanVan.Contracts.V1.DialogueStatus;
using NewOpinion = DanVan.Contracts.V1.NewOpinion;
using OpinionCounts = DanVan.Contracts.V1.OpinionCounts;
using OpinionStatus = DanVan.Contracts.V1.OpinionStatus;

namespace DanVan.Hub.Tests.Dialogues;

/// <summary>
/// The dialogue roll-ups the triggers keep must always equal a recomputation from the dialogues and
/// opinions, and SummarizeDialogues over them must give what the same summary computed from the facts
/// gives: a fixed-seed random sequence of dialogues scheduled and announced, held with opinions,
/// recorded as past dialogues (with counts only, or opinion by opinion, before and after the reform),
/// opinions moving between statuses, results published, cancellations and reschedulings into another
/// month, compared after every step over random ranges of days, for units and for the whole country.
/// </summary>
public sealed class DialogueRollUpEqualityTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private const int Seed = 20261202;
    private const int Operations = 70;

    private const string HeldFacts = """
        with held as (
            select d.id, d.kind, d.unit_path, u.level, coalesce(d.held_on, (d.starts_at at time zone 'Asia/Ho_Chi_Minh')::date) as day,
                   (select count(*) from opinion o where o.dialogue_id = d.id) + coalesce(d.counted_received, 0) as received,
                   (select count(*) from opinion o where o.dialogue_id = d.id and o.status in ('answered_at_meeting', 'resolved'))
                       + coalesce(d.counted_answered, 0) + coalesce(d.counted_resolved, 0) as resolved
              from dialogue d join admin_unit u on u.id = d.unit_id
             where d.status in ('held', 'results_published', 'closed')
        )
        """;

    // The roll-up of every unit on each held dialogue's path, by child, level, day, month and year,
    // and of the country (no unit) by the province at the top of the path.
    private const string Recomputed = HeldFacts + """
        select h.unit_path[p] as unit_id, case when p > 1 then h.unit_path[p - 1] end as child_id, h.level, g.grain, g.period_start,
               count(*) filter (where h.kind = 'periodic')::int, count(*) filter (where h.kind = 'ad_hoc')::int,
               sum(h.received)::int, sum(h.resolved)::int
          from held h cross join generate_subscripts(h.unit_path, 1) p
         cross join lateral (values ('day', h.day), ('month', date_trunc('month', h.day)::date), ('year', date_trunc('year', h.day)::date)) g(grain, period_start)
         group by 1, 2, 3, 4, 5
        union all
        select null::bigint, h.unit_path[cardinality(h.unit_path)], h.level, g.grain, g.period_start,
               count(*) filter (where h.kind = 'periodic')::int, count(*) filter (where h.kind = 'ad_hoc')::int,
               sum(h.received)::int, sum(h.resolved)::int
          from held h
         cross join lateral (values ('day', h.day), ('month', date_trunc('month', h.day)::date), ('year', date_trunc('year', h.day)::date)) g(grain, period_start)
         group by 2, 3, 4, 5
        """;

    // The summary as computed from the facts before the roll-ups: per child of the roots and level.
    private const string SummaryFacts = HeldFacts + """
        , placed as (
            select h.*, (select h.unit_path[p - 1] from unnest(@roots) r, array_position(h.unit_path, r) p where p > 1 limit 1) as child_id
              from held h where h.unit_path && @roots and h.day between @from and @to
        )
        select c.code as Child, p.level as Level, count(*) filter (where p.kind = 'periodic')::int as Periodic,
               count(*) filter (where p.kind = 'ad_hoc')::int as AdHoc, sum(p.received)::int as Received, sum(p.resolved)::int as Resolved
          from placed p left join admin_unit c on c.id = p.child_id
         group by c.code, p.level
        """;

    // The country's summary from the facts: per province at the top of each dialogue's path and level.
    private const string NationalFacts = HeldFacts + """
        select c.code || ' ' || coalesce(nullif(c.valid_from, '-infinity')::text, '0000-00-00') as Child, h.level as Level, count(*) filter (where h.kind = 'periodic')::int as Periodic,
               count(*) filter (where h.kind = 'ad_hoc')::int as AdHoc, sum(h.received)::int as Received, sum(h.resolved)::int as Resolved
          from held h join admin_unit c on c.id = h.unit_path[cardinality(h.unit_path)]
         where h.day between @from and @to
         group by c.code, c.valid_from, h.level
        """;

    private static readonly string[] Wards = ["00004", "00070", "00091", "00103", "00118", "00127"];

    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);

    private sealed record Tracked(string Id, string UnitCode, DateTimeOffset Start);

    [Fact]
    public async Task Roll_ups_equal_the_recomputation_and_summaries_agree_with_the_facts_after_every_step()
    {
        var random = new Random(Seed);
        // The country's ranges from a generator of their own, so the operations stay those of the seed.
        var ranges = new Random(Seed + 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {Seed}, {Operations} random operations");
        var before = new DateOnly(2024, 5, 14);
        var baVi = (await new AdminUnitService.AdminUnitServiceClient(Fixture.Host.CallInvoker).ListUnitsAsync(new ListUnitsRequest
        {
            ParentCode = "271", Level = AdminLevel.Commune, AsOf = Day(before.Year, before.Month, before.Day), PageSize = 4,
        })).Units.Select(u => u.Code).Append("271").ToList();
        var announced = new List<Tracked>();
        var held = new List<string>();
        var opinions = new List<string>();
        var counts = new Dictionary<string, int>();

        for (var step = 0; step < Operations; step++)
        {
            var operation = random.Next(9) switch
            {
                0 or 1 => await ScheduleAsync(random, announced),
                2 or 3 when announced.Count > 0 => await HoldAsync(random, announced, held, opinions),
                4 => await RecordPastAsync(random, baVi, opinions),
                5 when opinions.Count > 0 => await MoveOpinionAsync(random, opinions),
                6 when announced.Count > 0 => await CancelAsync(random, announced),
                7 when announced.Count > 0 => await RescheduleAsync(random, announced),
                8 when held.Count > 0 => await PublishAsync(random, held),
                _ => await ScheduleAsync(random, announced),
            };
            counts[operation] = counts.GetValueOrDefault(operation) + 1;

            await AssertRollUpsEqualRecomputationAsync(step);
            await AssertSummariesAgreeAsync(step, random, baVi);
            await AssertNationalSummaryAgreesAsync(step, ranges);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}")));
        // The set-based rebuild (the migration's, an operator's after a bulk load) gives the same rows, the country's among them.
        await using (var connection = new NpgsqlConnection(Fixture.ConnectionString))
        {
            await connection.ExecuteAsync("select dialogue_rollup_rebuild()");
        }

        await AssertRollUpsEqualRecomputationAsync(Operations);
        await AssertNationalSummaryAgreesAsync(Operations, ranges);
        Assert.Subset(counts.Keys.ToHashSet(), new HashSet<string>
        {
            "scheduled", "held", "past with counts", "past with opinions", "opinion moved", "cancelled", "rescheduled into another month", "results published",
        });
    }

    private async Task<string> ScheduleAsync(Random random, List<Tracked> announced)
    {
        var unit = Wards[random.Next(Wards.Length)];
        var slot = await FreeSlotAsync(unit, Rules().EarliestWithNotice(Fixture.Clock.GetUtcNow()).AddDays(random.Next(0, 20)));
        var dialogue = (await _dialogues.ScheduleDialogueAsync(Schedule(unit, slot))).Dialogue;
        await AnnounceAsync(dialogue.DialogueId);
        announced.Add(new Tracked(dialogue.DialogueId, unit, slot.ToDateTimeOffset()));
        return "scheduled";
    }

    // With the four items and the channels an announcement must state.
    private async Task AnnounceAsync(string id) =>
        await _dialogues.AnnounceDialogueAsync(new AnnounceDialogueRequest(Announce(id, "Loa phường, cổng thông tin điện tử")) { OverrideReason = "Thông báo bổ sung" });

    private async Task<string> HoldAsync(Random random, List<Tracked> announced, List<string> held, List<string> opinions)
    {
        var dialogue = announced[random.Next(announced.Count)];
        announced.Remove(dialogue);
        if (Fixture.Clock.GetUtcNow() < dialogue.Start.AddHours(4))
        {
            Fixture.Clock.Set(dialogue.Start.AddHours(4));
        }

        var day = DateOnly.FromDateTime(dialogue.Start.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var request = new RecordDialogueOutcomeRequest { DialogueId = dialogue.Id, HeldOn = Day(day.Year, day.Month, day.Day), Minutes = "Biên bản hội nghị" };
        request.Opinions.AddRange(Enumerable.Range(0, random.Next(0, 4)).Select(NewOpinionOf));
        var outcome = (await _dialogues.RecordDialogueOutcomeAsync(request)).Dialogue;
        held.Add(dialogue.Id);
        opinions.AddRange(outcome.Opinions.Select(o => o.OpinionId));
        return "held";
    }

    private async Task<string> RecordPastAsync(Random random, List<string> baVi, List<string> opinions)
    {
        // Before the reform in Ba Vì district (district and commune level), or lately in today's wards.
        var formerly = random.Next(2) == 0;
        var today = VietnamTime.Today(Fixture.Clock);
        var heldOn = formerly ? new DateOnly(2024, 1, 1).AddDays(random.Next(0, 365)) : today.AddDays(-random.Next(1, 200));
        var past = new PastDialogue
        {
            UnitCode = formerly ? baVi[random.Next(baVi.Count)] : Wards[random.Next(Wards.Length)],
            Kind = random.Next(2) == 0 ? DialogueKind.Periodic : DialogueKind.AdHoc, Title = "Hội nghị đối thoại",
            HeldOn = Day(heldOn.Year, heldOn.Month, heldOn.Day),
        };
        past.Chair = $"{past.UnitCode}:people-committee-chair";
        var withCounts = random.Next(2) == 0;
        if (withCounts)
        {
            var received = random.Next(0, 30);
            var answered = random.Next(0, received + 1);
            var resolved = random.Next(0, received - answered + 1);
            past.OpinionCounts = new OpinionCounts { Received = received, AnsweredAtMeeting = answered, Resolved = resolved, StillOpen = random.Next(0, received - answered - resolved + 1) };
        }
        else
        {
            past.Opinions.AddRange(Enumerable.Range(0, random.Next(1, 4)).Select(NewOpinionOf));
        }

        var recorded = (await _dialogues.RecordPastDialogueAsync(new RecordPastDialogueRequest { RequestId = Guid.NewGuid().ToString(), Dialogue = past })).Dialogue;
        opinions.AddRange(recorded.Opinions.Select(o => o.OpinionId));
        return withCounts ? "past with counts" : "past with opinions";
    }

    private async Task<string> MoveOpinionAsync(Random random, List<string> opinions)
    {
        OpinionStatus[] statuses = [OpinionStatus.Assigned, OpinionStatus.AnsweredAtMeeting, OpinionStatus.InProgress, OpinionStatus.Resolved, OpinionStatus.NotAccepted];
        var request = new UpdateOpinionRequest
        {
            OpinionId = opinions[random.Next(opinions.Count)], Status = statuses[random.Next(statuses.Length)],
            ResponsibleAgency = "Phòng Kinh tế", Answer = "Đã trả lời",
        };
        try
        {
            await _dialogues.UpdateOpinionAsync(request);
            return "opinion moved";
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition)
        {
            return "opinion move refused";
        }
    }

    private async Task<string> CancelAsync(Random random, List<Tracked> announced)
    {
        var dialogue = announced[random.Next(announced.Count)];
        announced.Remove(dialogue);
        await _dialogues.CancelDialogueAsync(new CancelDialogueRequest { DialogueId = dialogue.Id, Reason = "Bão" });
        return "cancelled";
    }

    private async Task<string> RescheduleAsync(Random random, List<Tracked> announced)
    {
        var dialogue = announced[random.Next(announced.Count)];
        if (dialogue.Start <= Fixture.Clock.GetUtcNow())
        {
            return await CancelAsync(random, announced);
        }

        var local = dialogue.Start.ToOffset(TimeSpan.FromHours(7));
        var nextMonth = new DateOnly(local.Year, local.Month, 1).AddMonths(1);
        var slot = await FreeSlotAsync(dialogue.UnitCode, nextMonth.AddDays(random.Next(0, 10)));
        await _dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest { DialogueId = dialogue.Id, StartTime = slot, Reason = "Trùng lịch họp" });
        await AnnounceAsync(dialogue.Id);
        announced[announced.IndexOf(dialogue)] = dialogue with { Start = slot.ToDateTimeOffset() };
        return "rescheduled into another month";
    }

    private async Task<string> PublishAsync(Random random, List<string> held)
    {
        var id = held[random.Next(held.Count)];
        held.Remove(id);
        await _dialogues.PublishDialogueResultsAsync(new PublishDialogueResultsRequest { DialogueId = id, Results = "Thông báo kết quả đối thoại" });
        return "results published";
    }

    private static NewOpinion NewOpinionOf(int n) => new() { Topic = "Đất đai", Content = $"Kiến nghị số {n} về cấp giấy chứng nhận" };

    private SlotRules Rules() => Fixture.Host.Services.GetRequiredService<SlotRules>();

    /// <summary>The first slot from <paramref name="from"/> that the unit's chairs and venue have free.</summary>
    private async Task<Timestamp> FreeSlotAsync(string unitCode, DateOnly from)
    {
        var unit = await Fixture.Host.Services.GetRequiredService<IUnitRegistry>().GetAsync(unitCode, VietnamTime.Today(Fixture.Clock), CancellationToken.None);
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        var taken = (await connection.QueryAsync<DateTime>(
            "select starts_at from dialogue where unit_id = @id and status in ('scheduled', 'announced')", new { id = unit.Id })).ToList();
        for (var day = from; ; day = day.AddDays(1))
        {
            var slot = Fixture.Host.Services.GetRequiredService<SlotFinder>()
                .Find(unit, Fixture.Host.Services.GetRequiredService<DialogueOptions>().CoChairsFor(unitCode), "", day, day.AddDays(60), day, new Bookings());
            if (slot is null)
            {
                throw new InvalidOperationException($"no free slot for {unitCode} after {from}");
            }

            // The same chairs cannot hold two dialogues on one day's slot.
            if (!taken.Any(t => Math.Abs((new DateTimeOffset(t, TimeSpan.Zero) - slot.Start).TotalHours) < 12))
            {
                return Timestamp.FromDateTimeOffset(slot.Start);
            }

            day = DateOnly.FromDateTime(SlotRules.Local(slot.Start));
        }
    }

    private async Task AssertRollUpsEqualRecomputationAsync(int step)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        var differences = (await connection.QueryAsync<string>($"""
            with expected as ({Recomputed}),
                 actual as (select unit_id, child_id, level, grain, period_start, periodic_held, ad_hoc_held, opinions_received, opinions_resolved
                              from dialogue_rollup)
            select 'missing ' || e::text from (select * from expected except select * from actual) e
            union all
            select 'extra ' || a::text from (select * from actual except select * from expected) a
            limit 10
            """)).ToList();
        Assert.True(differences.Count == 0, $"after operation {step} (seed {Seed}): {string.Join("; ", differences)}");
    }

    /// <summary>The whole country over a random range of days, through the RPC, against the dialogues, opinions and proposals themselves.</summary>
    private async Task AssertNationalSummaryAgreesAsync(int step, Random random)
    {
        var (first, last) = (new DateOnly(2023, 6, 1), VietnamTime.Today(Fixture.Clock).AddDays(90));
        var from = first.AddDays(random.Next(0, last.DayNumber - first.DayNumber));
        var to = from.AddDays(random.Next(0, last.DayNumber - from.DayNumber + 1));

        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            StartDate = Day(from.Year, from.Month, from.Day), EndDate = Day(to.Year, to.Month, to.Day),
        });
        var actual = summary.Levels.Select(l => $"{(int)l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}")
            .Concat(summary.Children.SelectMany(c => c.Levels.Select(l =>
                $"{c.Unit.Code} {c.Unit.ValidFrom?.Year ?? 0:D4}-{c.Unit.ValidFrom?.Month ?? 0:D2}-{c.Unit.ValidFrom?.Day ?? 0:D2} {(int)l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}")))
            .Append($"pending {summary.ProposalsPending}")
            .ToList();

        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        var rows = (await connection.QueryAsync<(string Child, short Level, int Periodic, int AdHoc, int Received, int Resolved)>(
            NationalFacts, new { from, to })).ToList();
        var pending = await connection.ExecuteScalarAsync<int>("select count(*)::int from dialogue where status = 'proposed'");
        var expected = rows.GroupBy(r => r.Level).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Sum(r => r.Periodic)}/{g.Sum(r => r.AdHoc)}/{g.Sum(r => r.Received)}/{g.Sum(r => r.Resolved)}")
            .Concat(rows.OrderBy(r => r.Child, StringComparer.Ordinal).ThenBy(r => r.Level)
                .Select(r => $"{r.Child} {r.Level} {r.Periodic}/{r.AdHoc}/{r.Received}/{r.Resolved}"))
            .Append($"pending {pending}")
            .ToList();
        Assert.Null(summary.Unit);
        Assert.True(expected.SequenceEqual(actual),
            $"after operation {step} (seed {Seed}), the country {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: facts [{string.Join("; ", expected)}] roll-ups [{string.Join("; ", actual)}]");
    }

    private async Task AssertSummariesAgreeAsync(int step, Random random, List<string> baVi)
    {
        var today = VietnamTime.Today(Fixture.Clock);
        var (code, asOf, first, last) = random.Next(3) switch
        {
            0 => ("271", new DateOnly(2024, 12, 31), new DateOnly(2023, 11, 1), new DateOnly(2025, 2, 1)),
            1 => (baVi[random.Next(baVi.Count)], new DateOnly(2024, 12, 31), new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)),
            _ => ("01", today, new DateOnly(2023, 6, 1), today.AddDays(90)),
        };
        var from = first.AddDays(random.Next(0, last.DayNumber - first.DayNumber));
        var to = from.AddDays(random.Next(0, last.DayNumber - from.DayNumber + 1));

        var summary = await _dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest
        {
            UnitCode = code, StartDate = Day(from.Year, from.Month, from.Day), EndDate = Day(to.Year, to.Month, to.Day), AsOf = Day(asOf.Year, asOf.Month, asOf.Day),
        });
        var actual = summary.Levels.Select(l => $"{(int)l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}")
            .Concat(summary.Children.SelectMany(c => c.Levels.Select(l => $"{c.Unit.Code} {(int)l.Level} {l.PeriodicHeld}/{l.AdHocHeld}/{l.OpinionsReceived}/{l.OpinionsResolved}")))
            .ToList();

        var registry = Fixture.Host.Services.GetRequiredService<IUnitRegistry>();
        var roots = await registry.WithFullPredecessorsAsync(await registry.GetAsync(code, asOf, CancellationToken.None), CancellationToken.None);
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        var rows = (await connection.QueryAsync<(string? Child, short Level, int Periodic, int AdHoc, int Received, int Resolved)>(
            SummaryFacts, new { roots = roots.ToArray(), from, to })).ToList();
        var expected = rows.GroupBy(r => r.Level).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} {g.Sum(r => r.Periodic)}/{g.Sum(r => r.AdHoc)}/{g.Sum(r => r.Received)}/{g.Sum(r => r.Resolved)}")
            .Concat(rows.Where(r => r.Child is not null).OrderBy(r => r.Child, StringComparer.Ordinal).ThenBy(r => r.Level)
                .Select(r => $"{r.Child} {r.Level} {r.Periodic}/{r.AdHoc}/{r.Received}/{r.Resolved}"))
            .ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"after operation {step} (seed {Seed}), {code} {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: facts [{string.Join("; ", expected)}] roll-ups [{string.Join("; ", actual)}]");
    }
}
