using DanVan.Adapters.Units;

namespace DanVan.Adapters.Ingest;

/// <summary>A row that passed intake: its unit resolved and its period, ready to be staged.</summary>
internal readonly record struct AcceptedRow(SourceRecord Record, long UnitId, DateOnly Period);

/// <summary>
/// The rows of one batch as they arrive, judged without the database: the record rules
/// (<see cref="RecordRules"/>), the unit resolved by code and date (<see cref="UnitResolver"/>), and at
/// most one row per unit and period. Problems go to the batch's <see cref="RowProblems"/>.
/// </summary>
internal sealed class RowIntake(UnitResolver resolver, DateOnly today, IngestOptions limits, RowProblems problems)
{
    private readonly HashSet<(long UnitId, DateOnly Period)> _seen = [];

    // Rows an adapter could not read never reach Add; they were received all the same.
    public int Received { get; private set; } = problems.RejectedRows;

    public RowProblems Problems => problems;

    /// <summary>A row that could not be read: received and rejected.</summary>
    public void AddRejectedRow(IEnumerable<RowProblem> rowProblems)
    {
        Received++;
        foreach (var problem in rowProblems)
        {
            problems.Add(problem);
        }
    }

    /// <summary>Judges one row; null when it has a problem (recorded).</summary>
    public AcceptedRow? Add(SourceRecord record)
    {
        Received++;
        var problemsBefore = problems.Total;
        record = RecordRules.Check(record, today, limits, problems);

        long unitId = 0;
        var period = record switch
        {
            IdIssuanceReport r => r.ReportDate,
            ProcedureStatsReport r => r.Month,
            _ => default,
        };
        if (!UnitCodes.IsWellFormed(record.UnitCode))
        {
            problems.Add(new RowProblem(record.Row, "unit_code", ProblemCodes.BadUnitCode,
                $"unit_code '{Privacy.PersonalDataScrubber.Scrub(record.UnitCode)}' {UnitCodes.FormatDescription}"));
        }
        else
        {
            var resolution = resolver.Resolve(record.UnitCode, period);
            if (resolution.UnitId is { } id)
            {
                unitId = id;
            }
            else
            {
                problems.Add(new RowProblem(record.Row, "unit_code", resolution.ProblemCode!, resolution.Message!));
            }
        }

        if (problems.Total == problemsBefore && !_seen.Add((unitId, period)))
        {
            problems.Add(new RowProblem(record.Row, "unit_code", ProblemCodes.DuplicateRow,
                $"an earlier row of this batch already reports unit {record.UnitCode} for {period:yyyy-MM-dd}"));
        }

        return problems.Total > problemsBefore ? null : new AcceptedRow(record, unitId, period);
    }
}
