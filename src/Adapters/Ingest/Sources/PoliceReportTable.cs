namespace DanVan.Adapters.Ingest.Sources;

/// <summary>
/// The police's CCCD progress report as a table, whatever file carries it (CSV or .xlsx): a header row
/// with the Vietnamese column names (matched ignoring case, spacing and Unicode form) and one row per
/// unit. Columns the hub does not know are ignored, never stored. The unit name column is read only to
/// be ignored: units are identified by code and date.
/// </summary>
internal sealed class PoliceReportTable
{
    private static readonly string[] RequiredColumns = ["unit_code", "report_date"];

    public const string Source = "police";

    private static readonly Dictionary<string, string> Columns = new()
    {
        [SourceValues.HeaderKey("Mã ĐVHC")] = "unit_code",
        [SourceValues.HeaderKey("Tên đơn vị")] = "unit_name",
        [SourceValues.HeaderKey("Ngày số liệu")] = "report_date",
        [SourceValues.HeaderKey("Số hồ sơ thu nhận")] = "dossiers_collected",
        [SourceValues.HeaderKey("Số thẻ đã sản xuất")] = "cards_produced",
        [SourceValues.HeaderKey("Số thẻ đã trả")] = "cards_returned",
        [SourceValues.HeaderKey("Số tài khoản ĐDĐT mức 1")] = "eid_level1_accounts",
        [SourceValues.HeaderKey("Số tài khoản ĐDĐT mức 2")] = "eid_level2_accounts",
        [SourceValues.HeaderKey("Số công dân thuộc diện cấp")] = "eligible_citizens",
        [SourceValues.HeaderKey("Lượt thu nhận lưu động")] = "mobile_collections",
        [SourceValues.HeaderKey("Lượt thu nhận tại nhà")] = "home_collections",
    };

    private readonly Dictionary<string, int> _positions;
    private readonly List<SourceRecord> _records = [];
    private readonly RowProblems _problems;

    private PoliceReportTable(Dictionary<string, int> positions, RowProblems problems)
    {
        _positions = positions;
        _problems = problems;
    }

    /// <summary>True when <paramref name="cell"/> is the unit-code header, which marks the header row.</summary>
    public static bool IsHeaderCell(string? cell) =>
        cell is not null && Columns.TryGetValue(SourceValues.HeaderKey(cell), out var field) && field == "unit_code";

    public static PoliceReportTable FromHeader(IReadOnlyList<string?> header, RowProblems problems)
    {
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] is { } cell && Columns.TryGetValue(SourceValues.HeaderKey(cell), out var field) && !positions.TryAdd(field, i))
            {
                throw UnreadableContent.Because($"the column '{cell}' appears twice in the header");
            }
        }

        var missing = RequiredColumns.Where(f => !positions.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw UnreadableContent.Because($"the header lacks the columns {string.Join(", ", missing.Select(ColumnName))}");
        }

        if (!positions.Keys.Any(f => f is not ("unit_code" or "unit_name" or "report_date")))
        {
            throw UnreadableContent.Because("the header has none of the figure columns of the CCCD progress report");
        }

        return new PoliceReportTable(positions, problems);
    }

    /// <summary>Reads one data row; <paramref name="cells"/> are the row's cell texts in header order.</summary>
    public void AddRow(int row, IReadOnlyList<string?> cells)
    {
        var problemsBefore = _problems.Total;
        var values = new SourceValues(row, _problems);
        string? Cell(string field) => _positions.TryGetValue(field, out var i) && i < cells.Count ? cells[i] : null;

        var code = Cell("unit_code")?.Trim() ?? "";
        if (code.Length == 0)
        {
            values.Problem("unit_code", ProblemCodes.Required, "unit_code (Mã ĐVHC) is missing");
        }

        var date = values.Date(Cell("report_date"), "report_date");
        var record = new IdIssuanceReport(
            row, code, date ?? default,
            values.Count(Cell("dossiers_collected"), "dossiers_collected"),
            values.Count(Cell("cards_produced"), "cards_produced"),
            values.Count(Cell("cards_returned"), "cards_returned"),
            values.Count(Cell("eid_level1_accounts"), "eid_level1_accounts"),
            values.Count(Cell("eid_level2_accounts"), "eid_level2_accounts"),
            values.Count(Cell("eligible_citizens"), "eligible_citizens"),
            values.Count(Cell("mobile_collections"), "mobile_collections"),
            values.Count(Cell("home_collections"), "home_collections"));
        if (_problems.Total == problemsBefore)
        {
            _records.Add(record);
        }
    }

    /// <summary>A unit code that a spreadsheet stored as a 4-digit number is a commune code that lost its leading zero.</summary>
    public void RestoreCodeDigits(List<string?> cells)
    {
        var i = _positions["unit_code"];
        if (i < cells.Count && cells[i] is { Length: 4 } code && code.All(char.IsAsciiDigit))
        {
            cells[i] = "0" + code;
        }
    }

    public IReadOnlyList<SourceRecord> Records => _records;

    private static string ColumnName(string field) => Columns.First(c => c.Value == field).Key;
}
