using System.Text.Json;
using System.Text.Unicode;

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

        // The reader checks UTF-8 only where it decodes a string, which would throw mid-item.
        if (!Utf8.IsValid(json))
        {
            throw UnreadableContent.Because("the file is not valid UTF-8");
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

    /// <summary>Where each canonical field is in an item: a top-level key or a key of a group.</summary>
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["unit_code"] = "maDonVi",
        ["period"] = "kyBaoCao",
        ["received_in_person"] = "tiepNhan.trucTiep",
        ["received_online"] = "tiepNhan.trucTuyen",
        ["received_postal"] = "tiepNhan.buuChinh",
        ["carried_over"] = "tiepNhan.kyTruocChuyenSang",
        ["resolved_early"] = "daGiaiQuyet.truocHan",
        ["resolved_on_time"] = "daGiaiQuyet.dungHan",
        ["resolved_late"] = "daGiaiQuyet.quaHan",
        ["pending_in_time"] = "dangGiaiQuyet.trongHan",
        ["pending_overdue"] = "dangGiaiQuyet.quaHan",
        ["rating_very_satisfied"] = "danhGia.ratHaiLong",
        ["rating_satisfied"] = "danhGia.haiLong",
        ["rating_dissatisfied"] = "danhGia.khongHaiLong",
    };

    private static readonly Dictionary<string, string> FieldsByKey = Keys.ToDictionary(k => k.Value, k => k.Key, StringComparer.Ordinal);

    private static void Add(JsonElement item, int row, List<SourceRecord> records, RowProblems problems)
    {
        var problemsBefore = problems.Total;
        var values = new SourceValues(row, problems);
        if (item.ValueKind != JsonValueKind.Object)
        {
            values.Problem("", ProblemCodes.Malformed, $"item {row} is not an object");
            return;
        }

        // A key given twice is ambiguous (readers disagree on which one counts): the item is refused.
        if (DuplicateKey(item, "") is { } duplicate)
        {
            values.Problem(FieldsByKey.GetValueOrDefault(duplicate, ""), ProblemCodes.Malformed, $"item {row} gives the key {duplicate} more than once");
            return;
        }

        var record = Read(item, values);
        if (problems.Total == problemsBefore)
        {
            records.Add(record);
        }
    }

    /// <summary>The path of the first key an object (or an object inside it) gives twice, or null.</summary>
    private static string? DuplicateKey(JsonElement item, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in item.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (!seen.Add(property.Name))
            {
                return path;
            }

            if (property.Value.ValueKind == JsonValueKind.Object && DuplicateKey(property.Value, path + ".") is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static ProcedureStatsReport Read(JsonElement item, SourceValues values)
    {
        var code = Text(item, Keys["unit_code"])?.Trim() ?? "";
        if (code.Length == 0)
        {
            values.Problem("unit_code", ProblemCodes.Required, "unit_code (maDonVi) is missing");
        }

        long? Count(string field)
        {
            var key = Keys[field];
            var dot = key.IndexOf('.');
            var (group, name) = (key[..dot], key[(dot + 1)..]);
            return item.TryGetProperty(group, out var g) && g.ValueKind == JsonValueKind.Object && g.TryGetProperty(name, out var v)
                ? v.ValueKind switch
                {
                    JsonValueKind.Number when v.TryGetInt64(out var n) => values.Count(n, field),
                    JsonValueKind.Null => null,
                    _ => values.Count(v.ToString(), field),
                }
                : null;
        }

        return new ProcedureStatsReport(
            values.Row, code, values.Month(Text(item, Keys["period"]), "period") ?? default,
            ReceivedInPerson: Count("received_in_person"),
            ReceivedOnline: Count("received_online"),
            ReceivedPostal: Count("received_postal"),
            CarriedOver: Count("carried_over"),
            ResolvedEarly: Count("resolved_early"),
            ResolvedOnTime: Count("resolved_on_time"),
            ResolvedLate: Count("resolved_late"),
            PendingInTime: Count("pending_in_time"),
            PendingOverdue: Count("pending_overdue"),
            RatingVerySatisfied: Count("rating_very_satisfied"),
            RatingSatisfied: Count("rating_satisfied"),
            RatingDissatisfied: Count("rating_dissatisfied"));
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
}
