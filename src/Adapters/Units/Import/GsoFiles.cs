using System.Globalization;
using System.Text;

namespace DanVan.Adapters.Units.Import;

// A little over our usual length: GSO's two file layouts (editions, conversion table) and the CSV
// reading they share.

/// <summary>A unit as one edition of the official list states it.</summary>
public sealed record EditionUnit(string Code, AdminLevel Level, string UnitType, string Name, string? ParentCode);

/// <summary>One edition of GSO/NSO's list: every unit in force from <see cref="EffectiveDate"/> until the next edition.</summary>
public sealed record UnitEdition(DateOnly EffectiveDate, IReadOnlyDictionary<string, EditionUnit> Units);

/// <summary>One old → new pair of NSO's conversion table of a reform.</summary>
public sealed record ConversionRow(
    int SourceRow,
    string OldCode,
    string OldName,
    string OldDistrictCode,
    string OldProvinceCode,
    string NewCode,
    string NewName,
    string NewProvinceCode,
    LineageKind Kind,
    string Note);

/// <summary>NSO's conversion table for the reform that took effect on <see cref="EffectiveDate"/>.</summary>
public sealed record ConversionTable(DateOnly EffectiveDate, IReadOnlyList<ConversionRow> Rows);

/// <summary>
/// Reads GSO's export layout (<c>Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp</c>; one
/// row per commune, a district without communes as a row of its own with <c>Cấp</c> = Huyện; no district
/// columns after the 2025 reform) and NSO's normalised conversion table. Both UTF-8 (BOM optional),
/// RFC 4180. A file that is not of the layout is refused whole with every line at fault listed.
/// </summary>
public static class GsoFiles
{
    private static readonly string[] EditionHeader = ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp"];

    private static readonly string[] ConversionHeader =
    [
        "source_row", "old_code", "old_name", "old_district_code", "old_district_name", "old_province_code",
        "old_province_name", "new_code", "new_name", "new_province_code", "new_province_name", "whole_or_part", "note",
    ];

    /// <summary>The effective date named by a file called <c>YYYY-MM-DD.csv</c> or <c>conversion-YYYY-MM-DD.csv</c>, or null.</summary>
    public static DateOnly? DateOfFile(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        if (name.StartsWith("conversion-", StringComparison.Ordinal))
        {
            name = name["conversion-".Length..];
        }

        return DateOnly.TryParseExact(name, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    /// <summary>Parses an edition; problems of the content are thrown as one <see cref="InvalidDataException"/> listing them.</summary>
    public static UnitEdition ReadEdition(DateOnly effectiveDate, byte[] content, string source)
    {
        var problems = new List<string>();
        var units = new Dictionary<string, EditionUnit>();
        var rows = Rows(content, EditionHeader, source, problems);
        foreach (var (line, cells) in rows)
        {
            var (provinceName, provinceCode, districtName, districtCode, communeName, communeCode, rank) =
                (cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]);
            var before = problems.Count;
            var province = Unit(provinceCode, provinceName, AdminLevel.Province, null, line, problems);
            var district = districtCode.Length == 0 && districtName.Length == 0
                ? null
                : Unit(districtCode, districtName, AdminLevel.District, provinceCode, line, problems);
            EditionUnit? commune = null;
            if (communeCode.Length > 0 || communeName.Length > 0)
            {
                commune = Unit(communeCode, communeName, AdminLevel.Commune, district is null ? provinceCode : districtCode, line, problems);
                var rankType = RankType(rank);
                if (rankType is null || rankType == "huyen")
                {
                    problems.Add($"line {line}: Cấp '{rank}' is not a commune rank (Xã, Phường, Thị trấn, Đặc khu)");
                }
                else if (commune is not null && commune.UnitType != rankType)
                {
                    problems.Add($"line {line}: {communeCode} '{communeName}' is of rank '{rank}' but named as another type");
                }
            }
            else if (district is null || RankType(rank) != "huyen")
            {
                problems.Add($"line {line}: a row without a commune must be a district (Cấp Huyện)");
            }

            if (problems.Count > before)
            {
                continue;
            }

            foreach (var unit in new[] { province, district, commune })
            {
                if (unit is null)
                {
                    continue;
                }

                if (!units.TryAdd(unit.Code, unit) && (unit.Level == AdminLevel.Commune || !SameStatement(units[unit.Code], unit)))
                {
                    problems.Add(unit.Level == AdminLevel.Commune
                        ? $"line {line}: commune {unit.Code} is listed twice"
                        : $"line {line}: {unit.Code} is named '{unit.Name}' under {unit.ParentCode ?? "the country"}, elsewhere '{units[unit.Code].Name}' under {units[unit.Code].ParentCode ?? "the country"}");
                }
            }
        }

        if (problems.Count == 0 && units.Count == 0)
        {
            problems.Add("the edition lists no unit");
        }

        ThrowIfAny(problems, source);
        return new UnitEdition(effectiveDate, units);
    }

    public static ConversionTable ReadConversion(DateOnly effectiveDate, byte[] content, string source)
    {
        var problems = new List<string>();
        var rows = new List<ConversionRow>();
        foreach (var (line, c) in Rows(content, ConversionHeader, source, problems))
        {
            if (!int.TryParse(c[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sourceRow))
            {
                problems.Add($"line {line}: source_row '{c[0]}' is not a number");
                continue;
            }

            LineageKind? kind = c[11] switch { "whole" => LineageKind.Full, "part" => LineageKind.Partial, _ => null };
            if (kind is null)
            {
                problems.Add($"line {line}: whole_or_part '{c[11]}' is neither whole nor part");
                continue;
            }

            rows.Add(new ConversionRow(sourceRow, c[1], UnitNames.Normalize(c[2]), c[3], c[5], c[7], UnitNames.Normalize(c[8]), c[9], kind.Value, c[12]));
        }

        ThrowIfAny(problems, source);
        return new ConversionTable(effectiveDate, rows);
    }

    private static bool SameStatement(EditionUnit a, EditionUnit b) =>
        a.ParentCode == b.ParentCode && a.UnitType == b.UnitType && UnitNames.SameSpelling(a.Name, b.Name);

    private static EditionUnit? Unit(string code, string name, AdminLevel level, string? parent, int line, List<string> problems)
    {
        if (!UnitCodes.IsWellFormed(code) || UnitCodes.LevelOf(code) != level)
        {
            problems.Add($"line {line}: '{code}' is not a {level.ToString().ToLowerInvariant()} code");
            return null;
        }

        var canonical = UnitTypes.CanonicalName(name, level);
        var type = UnitTypes.FromName(canonical, level);
        if (type is null)
        {
            problems.Add($"line {line}: cannot tell the unit type of {code} '{name}' from its name");
            return null;
        }

        return new EditionUnit(code, level, type, canonical, parent);
    }

    private static string? RankType(string rank) => UnitNames.Normalize(rank).ToLowerInvariant() switch
    {
        "xã" => "xa",
        "phường" => "phuong",
        "thị trấn" => "thi-tran",
        "đặc khu" => "dac-khu",
        "huyện" => "huyen",
        _ => null,
    };

    private static void ThrowIfAny(List<string> problems, string source)
    {
        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"{source}: {problems.Count} problem(s): {string.Join("; ", problems.Take(20))}{(problems.Count > 20 ? "; …" : "")}");
        }
    }

    /// <summary>The data rows (1-based line of their start, cells trimmed) after a header that must be <paramref name="header"/>.</summary>
    private static List<(int Line, string[] Cells)> Rows(byte[] content, string[] header, string source, List<string> problems)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            problems.Add("the file is not UTF-8");
            return [];
        }

        var records = ParseCsv(text.TrimStart('\uFEFF'), problems);
        if (records.Count == 0)
        {
            problems.Add("the file is empty");
            return [];
        }

        var found = records[0].Cells.Select(c => UnitNames.Normalize(c)).ToArray();
        if (!found.SequenceEqual(header))
        {
            problems.Add($"the header is '{string.Join(",", found)}'; expected '{string.Join(",", header)}' ({source})");
            return [];
        }

        var rows = new List<(int, string[])>();
        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue;
            }

            if (cells.Length != header.Length)
            {
                problems.Add($"line {line}: {cells.Length} columns; expected {header.Length}");
                continue;
            }

            rows.Add((line, cells.Select(c => c.Trim()).ToArray()));
        }

        return rows;
    }

    private static List<(int Line, string[] Cells)> ParseCsv(string text, List<string> problems)
    {
        var records = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                records.Add((recordLine, cells.ToArray()));
                cells.Clear();
                recordLine = ++line;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            problems.Add($"line {recordLine}: a quoted cell is not closed");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells.ToArray()));
        }

        return records;
    }
}
