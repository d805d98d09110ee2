using System.Globalization;
using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;
using DanVan.Testing;

namespace DanVan.Adapters.Tests.Units;

/// <summary>
/// The history built from GSO/NSO's real editions and NSO's conversion table (with the two older inputs
/// beside them, as ../shared/data/units holds them), read in place. Each trap of gso/README.md has a test.
/// </summary>
public sealed class RealEditionsTests
{
    private static readonly Lazy<EditionImport> Import = new(() => UnitImporter.Build(RepoPaths.SharedUnitsDir));
    private static readonly DateOnly Reform = new(2025, 7, 1);

    private static UnitMap Map => Import.Value.Map;

    [Theory]
    [InlineData("2024-01-01", 63, 705, 10598)]
    [InlineData("2023-06-01", 63, 705, 10598)]
    [InlineData("2025-06-30", 63, 696, 10035)]
    [InlineData("2025-08-01", 34, 0, 3321)]
    [InlineData("2026-05-01", 34, 0, 3321)]
    public void The_map_has_the_official_counts(string date, int provinces, int districts, int communes)
    {
        var day = DateOnly.Parse(date, CultureInfo.InvariantCulture);

        Assert.Equal(provinces, CountValidOn(AdminLevel.Province, day));
        Assert.Equal(districts, CountValidOn(AdminLevel.District, day));
        Assert.Equal(communes, CountValidOn(AdminLevel.Commune, day));
    }

    [Fact]
    public void Every_edition_is_the_state_of_the_map_on_its_date()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.SharedEditionsDir, "editions"), "*.csv"))
        {
            var date = GsoFiles.DateOfFile(path)!.Value;
            var edition = GsoFiles.ReadEdition(date, File.ReadAllBytes(path), path);
            var onDate = Map.Units.Where(u => IsValidOn(u, date)).Select(u => u.Code).ToHashSet();

            // Only the defects of the collector (codes missing from an edition, carried through) differ.
            var missing = onDate.Except(edition.Units.Keys).Order(StringComparer.Ordinal).ToList();
            Assert.Empty(edition.Units.Keys.Except(onDate));
            Assert.Equal(date switch
            {
                { Year: 2024, Month: 2 or 5 or 9 } => ["318", "471", "498", "536", "755"],
                { Year: 2025, Month: 1 } => ["26929", "26953", "27076", "27226", "27232", "27367", "27373"],
                _ => [],
            }, missing);
        }
    }

    [Fact]
    public void Dong_Nai_became_a_centrally_run_city_on_2026_04_30()
    {
        var before = ValidOn("75", new DateOnly(2026, 4, 29));
        var after = ValidOn("75", new DateOnly(2026, 5, 1));

        Assert.Equal(("Tỉnh Đồng Nai", "tinh"), (before.Name, before.UnitType));
        Assert.Equal(("Thành phố Đồng Nai", "thanh-pho"), (after.Name, after.UnitType));
        Assert.Equal(new DateOnly(2026, 4, 30), after.ValidFrom);
        Assert.Contains(new LineageLink(before.Key, after.Key, LineageKind.Full), Map.Links);
        Assert.Equal(10, Import.Value.Editions.Single(e => e.EffectiveDate == new DateOnly(2026, 4, 30)).Changes
            .Count(c => c.Level == AdminLevel.Commune && c.Kinds == UnitChangeKinds.Retyped && c.After!.UnitType == "phuong"));
    }

    [Fact]
    public void Xa_Ia_Mo_is_23938_and_23737_was_Ia_Mo_Nong()
    {
        Assert.Equal("Xã Ia Mơ", ValidOn("23938", new DateOnly(2025, 8, 1)).Name);
        Assert.DoesNotContain(Map.Units, u => u.Code == "23737" && IsValidOn(u, new DateOnly(2025, 8, 1)));
        Assert.Equal("Xã Ia Mơ Nông", ValidOn("23737", new DateOnly(2025, 6, 30)).Name);
    }

    [Fact]
    public void The_island_districts_missing_from_three_editions_did_not_end()
    {
        foreach (var (district, specialZone) in new[] { ("318", "11948"), ("471", "19742"), ("498", "20333"), ("536", "21548"), ("755", "26732") })
        {
            var version = Assert.Single(Map.Units, u => u.Code == district);
            Assert.Null(version.ValidFrom);
            Assert.Equal(Reform, version.ValidTo);
            var link = Assert.Single(Map.Links, l => l.Predecessor == version.Key);
            Assert.Equal((specialZone, LineageKind.Full), (link.Successor.Code, link.Kind));
        }

        Assert.Equal(5, Import.Value.Problems.Count(p => p.Contains("missing from the edition(s) of 2024-02-01, 2024-05-01, 2024-09-01 but listed before and after")));
    }

    [Fact]
    public void The_seven_wards_missing_from_2025_01_01_did_not_end_and_their_renaming_is_dated_from_it()
    {
        string[] wards = ["26929", "26953", "27076", "27226", "27232", "27367", "27373"];
        var gapDay = new DateOnly(2025, 2, 1);
        foreach (var code in wards)
        {
            var renamed = ValidOn(code, gapDay);
            Assert.Equal(new DateOnly(2025, 1, 1), renamed.ValidFrom);
            Assert.True(renamed.ValidFromInferred);
            Assert.Equal(Reform, renamed.ValidTo);
            var former = ValidOn(code, new DateOnly(2024, 12, 31));
            Assert.Contains(new LineageLink(former.Key, renamed.Key, LineageKind.Full), Map.Links);
        }

        Assert.Equal("Phường 14", ValidOn("26929", gapDay).Name);
        Assert.Equal("Phường 24", ValidOn("26929", new DateOnly(2024, 12, 31)).Name);
    }

    [Fact]
    public void Tone_mark_placement_is_spelling_and_a_different_letter_or_tone_is_a_rename()
    {
        var respelling = Import.Value.Editions.Single(e => e.EffectiveDate == new DateOnly(2026, 4, 30));
        Assert.Equal(192, respelling.Respelled);
        Assert.Equal(["00745"], respelling.Changes.Where(c => c.Kinds.HasFlag(UnitChangeKinds.Renamed)).Select(c => c.Code));

        // Respelled names keep the version (and the spelling) they had.
        var hoa = Map.Units.Where(u => u.Name.Contains("Hoà", StringComparison.Ordinal) && u.ValidFrom == Reform).ToList();
        Assert.NotEmpty(hoa);
        Assert.All(hoa, u => Assert.Null(u.ValidTo));

        AssertRenamed("04066", "Xã Sập Vạt", "Xã Sặp Vạt", new DateOnly(2025, 3, 1));
        AssertRenamed("18691", "Xã Cẩm Vĩnh", "Xã Cẩm Vịnh", new DateOnly(2025, 1, 1));
        AssertRenamed("00745", "Xã Phó Bảng", "Xã Phố Bảng", new DateOnly(2026, 4, 30));
    }

    [Fact]
    public void Type_prefix_capitalisation_is_normalised_and_no_rename()
    {
        var bacSon = Assert.Single(Map.Units, u => u.Code == "06325" && u.ValidFrom == Reform);
        Assert.Equal("Xã Bắc Sơn", bacSon.Name);
        Assert.Null(bacSon.ValidTo);
        Assert.DoesNotContain(Map.Units, u => u.Name.StartsWith("xã ", StringComparison.Ordinal) || u.Name.StartsWith("Thị Trấn ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_conversion_tables_wrong_old_codes_are_repaired_by_name_and_reported()
    {
        foreach (var (row, wrong, right, successor) in new[] { (426, "00553", "00556", "00562"), (912, "01615", "01651", "01648"), (1260, "02485", "02482", "02494") })
        {
            Assert.Contains(Import.Value.Problems, p => p.Contains($"row {row} has old code {wrong}", StringComparison.Ordinal) && p.EndsWith($"linked {right}", StringComparison.Ordinal));
            Assert.Contains(ReformLinks, l => l.Old == right && l.New == successor);
        }

        // Nothing of the old commune a wrong code named was lost: 00553 keeps its own rows.
        Assert.Contains(ReformLinks, l => l.Old == "00553");
        foreach (var row in new[] { 6211, 8914, 10030 })
        {
            Assert.Contains(Import.Value.Problems, p => p.Contains($"row {row} gives", StringComparison.Ordinal) && p.Contains("old province", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Ba_Che_keeps_the_editions_code_and_the_tables_rows_link_to_it()
    {
        Assert.Equal("Xã Ba Chẽ", ValidOn("06978", new DateOnly(2025, 8, 1)).Name);
        Assert.DoesNotContain(Map.Units, u => u.Code == "06970" && IsValidOn(u, new DateOnly(2025, 8, 1)));
        Assert.Equal(["06886", "06970", "06973", "06982", "06988"], ReformLinks.Where(l => l.New == "06978").Select(l => l.Old).Order(StringComparer.Ordinal));
        Assert.Equal(5, Import.Value.Problems.Count(p => p.Contains("gives Xã Ba Chẽ the new code 06970; the edition has 06978")));
    }

    [Fact]
    public void Every_pair_of_the_conversion_table_that_is_not_a_known_bad_row_is_a_link_of_the_map()
    {
        var table = GsoFiles.ReadConversion(Reform, File.ReadAllBytes(Path.Combine(RepoPaths.SharedEditionsDir, "conversion-2025-07-01.csv")), "table");
        var links = ReformLinks.ToDictionary(l => (l.Old, l.New), l => l.Kind);
        int[] wrongCode = [426, 912, 1260];
        var checkedPairs = 0;
        var disagreeing = new List<string>();
        foreach (var row in table.Rows.Where(r => r.OldCode.Length > 0 && !wrongCode.Contains(r.SourceRow)))
        {
            var newCode = row.NewCode == "06970" ? "06978" : row.NewCode;
            checkedPairs++;
            if (!links.TryGetValue((row.OldCode, newCode), out var kind) || kind != row.Kind)
            {
                disagreeing.Add($"row {row.SourceRow}");
            }
        }

        Assert.Equal(10562, checkedPairs);
        Assert.Empty(disagreeing);
    }

    [Fact]
    public void The_older_inputs_are_overruled_by_the_editions_and_the_summary_says_so()
    {
        Assert.Contains(Import.Value.Problems, p => p.StartsWith("the 2023 snapshot (older input) differs from the edition of 2023-04-10 on 47 units", StringComparison.Ordinal));
        Assert.Contains(Import.Value.Problems, p => p.StartsWith("the 2025-07-01 mapping (older input) has 10047 communes on the eve of the reform, the last edition before it 10035", StringComparison.Ordinal));
        Assert.Contains(Import.Value.Problems, p => p.Contains("2 codes not in the edition of 2025-07-01 (e.g. 06970, 23737)", StringComparison.Ordinal));
        Assert.Contains(Import.Value.Problems, p => p.StartsWith("the 2025-07-01 mapping (older input) disagrees with the conversion table on", StringComparison.Ordinal)
                                                    && p.EndsWith("the table's were kept", StringComparison.Ordinal));

        // The 2023 resolutions' changes are dated: Xã Định Trung became a phường on 2023-04-10.
        Assert.Equal("Xã Định Trung", ValidOn("08725", new DateOnly(2023, 4, 9)).Name);
        Assert.Equal("Phường Định Trung", ValidOn("08725", new DateOnly(2023, 4, 10)).Name);
    }

    [Fact]
    public void Building_twice_gives_the_same_map_and_no_code_has_two_meanings_on_any_day()
    {
        var again = UnitImporter.BuildMap(RepoPaths.SharedUnitsDir);
        Assert.Equal(Map.Units.OrderBy(u => u.Code).ThenBy(u => u.ValidFrom), again.Units.OrderBy(u => u.Code).ThenBy(u => u.ValidFrom));
        Assert.Equal(Map.Links.Count, again.Links.Count);

        foreach (var versions in Map.Units.GroupBy(u => u.Code).Where(g => g.Count() > 1))
        {
            var ordered = versions.OrderBy(v => v.ValidFrom ?? DateOnly.MinValue).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].ValidTo <= ordered[i].ValidFrom, $"{versions.Key} overlaps itself");
            }
        }
    }

    [Fact]
    public void Every_unit_has_a_parent_of_a_higher_level_on_its_first_and_last_day()
    {
        var byCode = Map.Units.ToLookup(u => u.Code);
        foreach (var unit in Map.Units.Where(u => u.Level != AdminLevel.Province))
        {
            DateOnly[] days = [unit.ValidFrom ?? new DateOnly(2000, 1, 1), (unit.ValidTo ?? new DateOnly(2100, 1, 1)).AddDays(-1)];
            foreach (var day in days)
            {
                var parent = byCode[unit.ParentCode!].SingleOrDefault(p => IsValidOn(p, day));
                Assert.True(parent is not null && parent.Level < unit.Level, $"{unit.Code} has no parent {unit.ParentCode} on {day}");
            }
        }
    }

    private static IEnumerable<(string Old, string New, LineageKind Kind)> ReformLinks =>
        Map.Links.Where(l => l.Successor.ValidFrom == Reform && l.Successor.Code.Length == 5).Select(l => (l.Predecessor.Code, l.Successor.Code, l.Kind));

    private static void AssertRenamed(string code, string before, string after, DateOnly date)
    {
        var old = ValidOn(code, date.AddDays(-1));
        var renamed = ValidOn(code, date);
        Assert.Equal((before, after, date), (old.Name, renamed.Name, renamed.ValidFrom!.Value));
        Assert.Contains(new LineageLink(old.Key, renamed.Key, LineageKind.Full), Map.Links);
    }

    private static UnitVersion ValidOn(string code, DateOnly date) => Assert.Single(Map.Units, u => u.Code == code && IsValidOn(u, date));

    private static int CountValidOn(AdminLevel level, DateOnly date) => Map.Units.Count(u => u.Level == level && IsValidOn(u, date));

    private static bool IsValidOn(UnitVersion u, DateOnly date) =>
        (u.ValidFrom is null || u.ValidFrom <= date) && (u.ValidTo is null || date < u.ValidTo);
}
