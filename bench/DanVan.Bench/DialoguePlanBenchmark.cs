using System.Collections.Concurrent;
using System.Diagnostics;
using DanVan.Contracts.V1;
using DanVan.Scheduler.Dialogues;
using DanVan.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DanVan.Bench;

/// <summary>
/// Planning a year of periodic dialogues for the whole real map (34 provinces, 3,321 communes) through
/// PlanPeriodicDialogues, province by province as the recurring job does, per unit, against planning
/// one province (Hà Nội) into a database that holds the rest of the country's plan — as it does when
/// the job reaches that province — same run; and how long a Hangfire job waits between enqueue and
/// start on the hub's PostgreSQL storage. The reminder jobs a plan arms are scheduled by a background
/// job off the request path; they are left out of the plan's timing.
/// </summary>
internal static class DialoguePlanBenchmark
{
    private const int Year = 2030;
    private static readonly ConcurrentDictionary<Guid, long> Started = new();

    public static async Task RunAsync()
    {
        Measure.Report($"## Dialogue plan for {Year}: the whole map vs one province, per unit; Hangfire enqueue-to-start");
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var hub = await HubHost.StartAsync(connectionString,
            builder => builder.Services.AddSingleton<IDialogueMilestones, NoMilestones>(), "--Logging:LogLevel:Default=Warning");
        var dialogues = new DialogueService.DialogueServiceClient(hub.CallInvoker);
        var units = new AdminUnitService.AdminUnitServiceClient(hub.CallInvoker);
        var provinces = (await units.ListUnitsAsync(new ListUnitsRequest { PageSize = 100 })).Units.Select(u => u.Code).ToList();

        async Task<(double Ms, int Units)> PlanAsync(IReadOnlyList<string> codes)
        {
            if (codes.Count == 1)
            {
                await PlanAsync(provinces);
                await ClearAsync(dataSource, codes[0]);
            }
            else
            {
                await ClearAsync(dataSource, null);
            }

            var planned = 0;
            var elapsed = await Measure.TimeAsync(async () =>
            {
                foreach (var code in codes)
                {
                    planned += (await dialogues.PlanPeriodicDialoguesAsync(new PlanPeriodicDialoguesRequest { UnitCode = code, Year = Year })).Planned.Count;
                }
            });
            return (elapsed.TotalMilliseconds, planned);
        }

        await PlanAsync(["01"]);
        await PlanAsync(provinces);
        var province = new List<double>();
        var national = new List<double>();
        int provinceUnits = 0, nationalUnits = 0;
        for (var round = 0; round < 5; round++)
        {
            (var ms, provinceUnits) = await PlanAsync(["01"]);
            province.Add(ms / provinceUnits);
            (ms, nationalUnits) = await PlanAsync(provinces);
            national.Add(ms / nationalUnits);
        }

        var perUnitProvince = Measure.Median(province);
        var perUnitNational = Measure.Median(national);
        Measure.Report($"one province (01, {provinceUnits} units): {perUnitProvince:F3} ms/unit; whole map ({nationalUnits} units): {perUnitNational:F3} ms/unit; " +
                       $"ratio {perUnitNational / perUnitProvince:F2}x (target <= 1.2x)");

        var jobs = hub.Services.GetRequiredService<IBackgroundJobClient>();
        var latencies = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var probe = Guid.NewGuid();
            var enqueuedAt = Stopwatch.GetTimestamp();
            jobs.Enqueue(() => Probe(probe));
            while (!Started.ContainsKey(probe))
            {
                if (Stopwatch.GetElapsedTime(enqueuedAt) > Timeouts.Call)
                {
                    throw new TimeoutException($"Probe job {i} did not start within {Timeouts.Call}.");
                }

                await Task.Delay(2);
            }

            if (i >= 10)
            {
                latencies.Add(Stopwatch.GetElapsedTime(enqueuedAt, Started[probe]).TotalMilliseconds);
            }
        }

        latencies.Sort();
        Measure.Report($"Hangfire enqueue-to-start over {latencies.Count} jobs: p50 {Measure.Median(latencies):F0} ms, p90 {latencies[(int)(latencies.Count * 0.9)]:F0} ms, " +
                       $"max {latencies[^1]:F0} ms (target p50 <= 1000 ms)");
    }

    /// <summary>The job the latency is measured with: records when it started.</summary>
    public static void Probe(Guid id) => Started[id] = Stopwatch.GetTimestamp();

    /// <summary>Removes the plan of one province, or of everything.</summary>
    private static async Task ClearAsync(NpgsqlDataSource dataSource, string? province)
    {
        await using var command = dataSource.CreateCommand(province is null
            ? "truncate dialogue_event, dialogue_booking, dialogue_agenda_item, dialogue_slot_change, opinion, dialogue"
            : """
              with gone as (select d.id from dialogue d join admin_unit p on p.id = d.unit_path[array_length(d.unit_path, 1)] where p.code = @province),
                   events as (delete from dialogue_event where dialogue_id in (select id from gone)),
                   bookings as (delete from dialogue_booking where dialogue_id in (select id from gone))
              delete from dialogue where id in (select id from gone)
              """);
        command.Parameters.AddWithValue("province", (object?)province ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
        await using var vacuum = dataSource.CreateCommand("vacuum analyze dialogue, dialogue_booking, dialogue_event");
        await vacuum.ExecuteNonQueryAsync();
    }

    private sealed class NoMilestones : IDialogueMilestones
    {
        public void ArmChanged()
        {
        }
    }
}
