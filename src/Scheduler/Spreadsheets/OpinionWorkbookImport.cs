using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Privacy;
using DanVan.Adapters.Spreadsheets;
using DanVan.Adapters.Time;
using DanVan.Scheduler.Dialogues;
using Microsoft.Extensions.Options;
using static DanVan.Scheduler.Spreadsheets.OpinionWorkbookColumns;

namespace DanVan.Scheduler.Spreadsheets;

/// <summary>
/// Takes back the opinions workbook once agencies have answered in it: each row names its opinion by
/// the id the export wrote, and its status, answer, due date and responsible agency are applied through
/// <see cref="OpinionWorkflow.UpdateManyAsync"/>, by the rules of UpdateOpinion, all or nothing. An empty
/// cell leaves its field as it is (as an unset field of UpdateOpinion does). Every bad row is reported
/// as <c>rows[N].field</c>, N being the row number Excel shows.
/// </summary>
public sealed class OpinionWorkbookImport(OpinionWorkflow workflow, DialogueReports reports, SpreadsheetOptions options, IOptions<IngestOptions> limits, TimeProvider clock)
{
    // As UpdateOpinion takes them.
    private const int MaxAnswer = 4000;
    private const int MaxAgency = 300;

    /// <summary>
    /// Applies the workbook for the unit <paramref name="unitCode"/>: every opinion in it must lie in that
    /// unit's subtree. <paramref name="changedBy"/> (who sent it) goes into each changed opinion's history.
    /// </summary>
    public async Task<OpinionUpdatesResult> ImportAsync(string unitCode, string? requestId, ReadOnlyMemory<byte> content, string changedBy, CancellationToken cancellationToken)
    {
        var rows = ReportWorkbookReader.ReadTable(content, Answered, limits.Value, options.MaxRows, cancellationToken);
        var v = new Violations();
        var commands = new List<OpinionUpdateRow>(rows.Count);
        foreach (var row in rows)
        {
            var field = $"rows[{row.Number}]";
            var id = Guid.TryParse(row[Id], out var parsed) ? parsed : (Guid?)null;
            if (id is null)
            {
                v.Add($"{field}.opinion_id", row[Id] is null ? ViolationCodes.IdRequired : ViolationCodes.IdMalformed, $"column '{Id}' must hold the id the export wrote");
            }

            OpinionStatus? status = null;
            if (row[Status] is { } statusText && (status = ParseStatus(statusText)) is null)
            {
                v.Add($"{field}.status", ViolationCodes.ChoiceUnknown, $"'{statusText}' is none of {StatusNames}");
            }

            var due = Date(v, row[DueDate], $"{field}.due_date");
            var answer = Text(v, row[Answer], $"{field}.answer", MaxAnswer);
            var agency = Text(v, row[Agency], $"{field}.responsible_agency", MaxAgency);
            if (id is { } opinionId)
            {
                commands.Add(new OpinionUpdateRow(row.Number, new UpdateOpinionCommand(opinionId, status, agency, due, answer) { ChangedBy = changedBy }));
            }
        }

        if (rows.Count == 0)
        {
            v.Add("content", ViolationCodes.ContentEmpty, "holds no opinion under the header row");
        }

        v.ThrowIfAny();
        var (_, roots) = await reports.ScopeAsync(unitCode, VietnamTime.Today(clock), cancellationToken);
        var hash = Convert.ToHexString(SHA256.HashData([.. Encoding.UTF8.GetBytes(unitCode + "\n"), .. content.Span]));
        return await workflow.UpdateManyAsync(PersonalDataScrubber.Scrub(requestId), hash, [.. roots], commands, cancellationToken);
    }

    private static DateOnly? Date(Violations v, string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            v.Add(field, ViolationCodes.DateInvalid, $"'{text}' is not a date (dd/mm/yyyy)");
            return null;
        }

        if (!PlausibleDates.Contains(date))
        {
            v.Add(field, ViolationCodes.DateOutOfRange, PlausibleDates.Description);
            return null;
        }

        return date;
    }

    private static string? Text(Violations v, string? text, string field, int max)
    {
        if (text is { Length: var length } && length > max)
        {
            v.Add(field, ViolationCodes.TextTooLong, $"must have at most {max} characters");
            return null;
        }

        return text;
    }
}
