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

    public IReadOnlyList<SourceRecord> Parse(ReadOnlyMemory<byte> content, RowProblems problems, CancellationToken cancellationToken)
    {
        var records = new List<SourceRecord>();
        var json = content.Span;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        // Item by item, so that memory follows one item rather than the whole document's token table.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read())
            {
                throw UnreadableContent.Because("the file is empty");
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    var row = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        using var item = JsonDocument.ParseValue(ref reader);
                        Add(item.RootElement, ++row, records, problems);
                    }

                    break;
                case JsonTokenType.StartObject:
                    using (var item = JsonDocument.ParseValue(ref reader))
                    {
                        Add(item.RootElement, 1, records, problems);
                    }

                    break;
                default:
                    throw UnreadableContent.Because("expected a JSON object or an array of objects");
            }

            // Anything after the value is an error the reader raises here.
            reader.Read();
        }
        catch (JsonException e)
        {
            throw UnreadableContent.Because($"the file is not valid JSON (line {e.LineNumber + 1})");
        }

        return records;
    }

    private static void Add(JsonElement item, int row, List<SourceRecord> records, RowProblems problems)
    {
        var problemsBefore = problems.Total;
        var values = new SourceValues(row, problems);
        if (item.ValueKind != JsonValueKind.Object)
        {
            values.Problem("", ProblemCodes.Malformed, $"item {row} is not an object");
            return;
        }

        var record = Read(item, values);
        if (problems.Total == problemsBefore)
        {
            records.Add(record);
        }
    }

    private static ProcedureStatsReport Read(JsonElement item, SourceValues values)
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
            values.Row, code, values.Month(Text(item, "kyBaoCao"), "period") ?? default,
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
