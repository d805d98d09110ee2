using System.Text.Json;

namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The one-stop-shop system's monthly statistics as JSON: one object per unit and month, or an array of
/// them. Row numbers are 1-based positions in the array. Unknown properties are ignored.
/// </summary>
public sealed class OneStopJsonAdapter : ISourceAdapter
{
    public string Format => "one-stop-json";

    public string Source => "one-stop";

    public ParsedSource Parse(ReadOnlyMemory<byte> content)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw UnreadableContent.Because($"the file is not valid JSON (line {e.LineNumber + 1})");
        }

        using (document)
        {
            var items = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => document.RootElement.EnumerateArray().ToList(),
                JsonValueKind.Object => [document.RootElement],
                _ => throw UnreadableContent.Because("expected a JSON object or an array of objects"),
            };

            var records = new List<SourceRecord>();
            var problems = new List<RowProblem>();
            for (var i = 0; i < items.Count; i++)
            {
                var row = i + 1;
                var problemsBefore = problems.Count;
                var values = new SourceValues(row, problems);
                if (items[i].ValueKind != JsonValueKind.Object)
                {
                    values.Problem("", ProblemCodes.Malformed, $"item {row} is not an object");
                    continue;
                }

                var record = Read(items[i], row, values);
                if (problems.Count == problemsBefore)
                {
                    records.Add(record);
                }
            }

            return new ParsedSource(records, problems);
        }
    }

    private static ProcedureStatsReport Read(JsonElement item, int row, SourceValues values)
    {
        var code = Text(item, "maDonVi")?.Trim() ?? "";
        if (code.Length == 0)
        {
            values.Problem("unit_code", ProblemCodes.Required, "unit_code (maDonVi) is missing");
        }

        long? Count(string group, string name, string field) =>
            item.TryGetProperty(group, out var g) && g.ValueKind == JsonValueKind.Object && g.TryGetProperty(name, out var v)
                ? v.ValueKind switch
                {
                    JsonValueKind.Number when v.TryGetInt64(out var n) => values.Count(n, field),
                    JsonValueKind.Null => null,
                    _ => values.Count(v.ToString(), field),
                }
                : null;

        return new ProcedureStatsReport(
            row, code, values.Month(Text(item, "kyBaoCao"), "period") ?? default,
            ReceivedInPerson: Count("tiepNhan", "trucTiep", "received_in_person"),
            ReceivedOnline: Count("tiepNhan", "trucTuyen", "received_online"),
            ReceivedPostal: Count("tiepNhan", "buuChinh", "received_postal"),
            CarriedOver: Count("tiepNhan", "kyTruocChuyenSang", "carried_over"),
            ResolvedEarly: Count("daGiaiQuyet", "truocHan", "resolved_early"),
            ResolvedOnTime: Count("daGiaiQuyet", "dungHan", "resolved_on_time"),
            ResolvedLate: Count("daGiaiQuyet", "quaHan", "resolved_late"),
            PendingInTime: Count("dangGiaiQuyet", "trongHan", "pending_in_time"),
            PendingOverdue: Count("dangGiaiQuyet", "quaHan", "pending_overdue"),
            RatingVerySatisfied: Count("danhGia", "ratHaiLong", "rating_very_satisfied"),
            RatingSatisfied: Count("danhGia", "haiLong", "rating_satisfied"),
            RatingDissatisfied: Count("danhGia", "khongHaiLong", "rating_dissatisfied"));
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
}
