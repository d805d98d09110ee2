using System.Text;
using DanVan.Adapters.Errors;
using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;

namespace DanVan.Adapters.Tests.Units;

/// <summary>The dating rules of the edition history, on small hand-written editions in GSO's layout.</summary>
public sealed class EditionHistoryTests
{
    private const string Header = "Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp";
    private static readonly DateOnly First = new(2024, 1, 1);
    private static readonly DateOnly Second = new(2024, 6, 1);
    private static readonly DateOnly Third = new(2025, 1, 1);
    private static readonly DateOnly Reform = new(2025, 7, 1);

    [Fact]
    public void A_vanished_code_ends_a_new_one_starts_and_a_changed_one_gets_a_linked_version()
    {
        var built = Build(
            Edition(First,
                "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Phúc Xá,00001,Phường",
                "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,00004,Phường",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Xã Bắc Sơn,00379,Xã",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Xã Minh Trí,00382,Xã",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Xã Hoà Bình,00385,Xã",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Xã Hồng Kỳ,00391,Xã"),
            Edition(Second,
                "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Phúc Xá,00001,Phường",
                "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch Mới,00004,Phường",
                "Thành phố Hà Nội,01,Quận Ba Đình,001,Xã Bắc Sơn,00379,Xã",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Thị trấn Minh Trí,00382,Thị trấn",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,xã Hòa Bình,00385,Xã",
                "Thành phố Hà Nội,01,Huyện Sóc Sơn,016,Xã Mới Lập,00388,Xã"));

        var summary = built.Editions[1];
        // Unchanged: the province, both districts, Phúc Xá and Hoà Bình (only re-spelled, and its prefix in lower case).
        Assert.Equal((1, 1, 1, 1, 1, 5, 1), (summary.Started, summary.Ended, summary.Renamed, summary.Retyped, summary.Moved, summary.Unchanged, summary.Respelled));
        Assert.Equal(Second, Single(built, "00391").ValidTo);
        Assert.Equal((null, (DateOnly?)null), (Single(built, "00001").ValidFrom, Single(built, "00001").ValidTo));

        var trucBach = built.Map.Units.Where(u => u.Code == "00004").OrderBy(u => u.ValidFrom).ToList();
        Assert.Equal(["Phường Trúc Bạch", "Phường Trúc Bạch Mới"], trucBach.Select(u => u.Name));
        Assert.Equal((Second, Second), (trucBach[0].ValidTo!.Value, trucBach[1].ValidFrom!.Value));
        Assert.Contains(new LineageLink(trucBach[0].Key, trucBach[1].Key, LineageKind.Full), built.Map.Links);

        Assert.Equal(["016", "001"], built.Map.Units.Where(u => u.Code == "00379").OrderBy(u => u.ValidFrom).Select(u => u.ParentCode));
        Assert.Equal(["xa", "thi-tran"], built.Map.Units.Where(u => u.Code == "00382").OrderBy(u => u.ValidFrom).Select(u => u.UnitType));
        var hoaBinh = Single(built, "00385");
        Assert.Equal(("Xã Hoà Bình", (DateOnly?)null), (hoaBinh.Name, hoaBinh.ValidTo));
        Assert.Equal(Second, Single(built, "00388").ValidFrom);
    }

    [Fact]
    public void A_code_missing_from_an_edition_and_back_unchanged_did_not_end()
    {
        var built = Build(
            Edition(First, "Thành phố Hải Phòng,31,Huyện Bạch Long Vĩ,318,,,Huyện", "Thành phố Hải Phòng,31,Huyện Cát Hải,317,Xã Hiền Hào,11935,Xã"),
            Edition(Second, "Thành phố Hải Phòng,31,Huyện Cát Hải,317,Xã Hiền Hào,11935,Xã"),
            Edition(Third, "Thành phố Hải Phòng,31,Huyện Bạch Long Vĩ,318,,,Huyện", "Thành phố Hải Phòng,31,Huyện Cát Hải,317,Xã Hiền Hào,11935,Xã"));

        var district = Assert.Single(built.Map.Units, u => u.Code == "318");
        Assert.Equal((AdminLevel.District, (DateOnly?)null, (DateOnly?)null), (district.Level, district.ValidFrom, district.ValidTo));
        Assert.Contains(built.Problems, p => p.StartsWith("318 Huyện Bạch Long Vĩ is missing from the edition(s) of 2024-06-01 but listed before and after", StringComparison.Ordinal));
    }

    [Fact]
    public void A_code_missing_from_an_edition_and_back_changed_changed_from_the_first_edition_missing_it()
    {
        var built = Build(
            Edition(First, "Thành phố Hồ Chí Minh,79,Quận Bình Thạnh,765,Phường 24,26929,Phường"),
            Edition(Second, "Thành phố Hồ Chí Minh,79,Quận Bình Thạnh,765,Phường 25,26932,Phường"),
            Edition(Third, "Thành phố Hồ Chí Minh,79,Quận Bình Thạnh,765,Phường 14,26929,Phường", "Thành phố Hồ Chí Minh,79,Quận Bình Thạnh,765,Phường 25,26932,Phường"));

        var versions = built.Map.Units.Where(u => u.Code == "26929").OrderBy(u => u.ValidFrom).ToList();
        Assert.Equal(["Phường 24", "Phường 14"], versions.Select(v => v.Name));
        Assert.Equal(Second, versions[1].ValidFrom);
        Assert.True(versions[1].ValidFromInferred);
    }

    [Fact]
    public void The_reform_links_come_from_the_conversion_table_with_its_bad_rows_repaired_or_reported()
    {
        var eve = Edition(First,
            "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,00004,Phường",
            "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Quán Thánh,00013,Phường",
            "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Ngọc Hà,00016,Phường",
            "Thành phố Hà Nội,01,Huyện Đảo,318,,,Huyện");
        var reform = Edition(Reform,
            "Thành phố Hà Nội,01,,,Phường Ba Đình,00004,Phường",
            "Thành phố Hà Nội,01,,,Phường Ngọc Hà,00008,Phường",
            "Thành phố Hà Nội,01,,,Đặc khu Đảo,00010,Đặc khu");
        var table = Conversion(
            "1,00004,Phường Trúc Bạch,001,Quận Ba Đình,01,Thành phố Hà Nội,00004,Phường Ba Đình,01,Thành phố Hà Nội,whole,Nhập toàn bộ",
            // wrong old code: the name is 00013's
            "2,00016,Phường Quán Thánh,001,Quận Ba Đình,01,Thành phố Hà Nội,00004,Phường Ba Đình,01,Thành phố Hà Nội,part,Nhập một phần",
            // wrong new code: the edition's Ngọc Hà is 00008
            "3,00016,Phường Ngọc Hà,001,Quận Ba Đình,01,Thành phố Hà Nội,00007,Phường Ngọc Hà,01,Thành phố Hà Nội,whole,Nhập toàn bộ",
            "4,,,318,Huyện Đảo,01,Thành phố Hà Nội,00010,Đặc khu Đảo,01,Thành phố Hà Nội,whole,Sắp xếp toàn bộ huyện",
            "5,99999,Xã Không Có,001,Quận Ba Đình,02,Tỉnh Khác,00004,Phường Ba Đình,01,Thành phố Hà Nội,whole,Nhập toàn bộ");

        var built = EditionHistory.Build([eve, reform], table, null);

        var links = built.Map.Links.Where(l => l.Successor.ValidFrom == Reform && l.Successor.Code.Length == 5)
            .Select(l => (l.Predecessor.Code, l.Successor.Code, l.Kind)).Order().ToList();
        Assert.Equal([("00004", "00004", LineageKind.Full), ("00013", "00004", LineageKind.Partial), ("00016", "00008", LineageKind.Full), ("318", "00010", LineageKind.Full)], links);
        Assert.Contains(built.Problems, p => p.Contains("row 2 has old code 00016 (Phường Ngọc Hà) for Phường Quán Thánh, which is 00013 in district 001: linked 00013", StringComparison.Ordinal));
        Assert.Contains(built.Problems, p => p.Contains("row 3 gives Phường Ngọc Hà the new code 00007; the edition has 00008: linked 00008", StringComparison.Ordinal));
        Assert.Contains(built.Problems, p => p.Contains("row 5 names old code 99999, which no edition has on the eve: skipped", StringComparison.Ordinal));
        Assert.All(built.Map.Units.Where(u => u.ValidFrom is null), u => Assert.Equal(Reform, u.ValidTo));
        Assert.Contains(built.Map.Links, l => l.Predecessor == new UnitVersionKey("01", null) && l.Successor == new UnitVersionKey("01", Reform));
    }

    [Fact]
    public void Extending_with_a_new_edition_states_only_what_changed_and_again_the_same()
    {
        var built = Build(Edition(First,
            "Thành phố Hà Nội,01,,,Phường Ba Đình,00004,Phường",
            "Thành phố Hà Nội,01,,,Phường Ngọc Hà,00008,Phường",
            "Thành phố Hà Nội,01,,,Xã Hoà Lạc,00010,Xã"));
        var next = Edition(Second,
            "Thành phố Hà Nội,01,,,Phường Ba Đình,00004,Phường",
            "Thành phố Hà Nội,01,,,Phường Hòa Lạc,00010,Phường",
            "Thành phố Hà Nội,01,,,Phường Mới,00011,Phường");

        var extended = EditionHistory.Extend(built.Map.Units, [], next);

        var summary = extended.Editions.Single();
        Assert.Equal((1, 1, 0, 1, 0, 2), (summary.Started, summary.Ended, summary.Renamed, summary.Retyped, summary.Moved, summary.Unchanged));
        Assert.DoesNotContain(extended.Map.Units, u => u.Code is "01" or "00004");
        Assert.Equal(["00008", "00010", "00010", "00011"], extended.Map.Units.Select(u => u.Code).Order());

        // The same edition again over the extended map: the same versions, which a writer finds unchanged.
        var eve = built.Map.Units.Where(u => extended.Map.Units.All(e => e.Key != u.Key)).Concat(extended.Map.Units.Where(u => u.ValidFrom != Second)).ToList();
        var again = EditionHistory.Extend(eve, extended.Map.Units.Where(u => u.ValidFrom == Second).ToList(), next);
        Assert.Equal(extended.Map.Units.OrderBy(u => u.Code).ThenBy(u => u.ValidFrom), again.Map.Units.OrderBy(u => u.Code).ThenBy(u => u.ValidFrom));

        // Another edition of the same date is refused.
        var other = Edition(Second, "Thành phố Hà Nội,01,,,Phường Ba Đình,00004,Phường");
        var refused = Assert.Throws<PreconditionFailedException>(() => EditionHistory.Extend(eve, extended.Map.Units.Where(u => u.ValidFrom == Second).ToList(), other));
        Assert.Equal("EDITION_CONFLICT", refused.Reason);
    }

    [Fact]
    public void A_file_not_in_the_layout_is_refused_with_every_line_at_fault()
    {
        var bad = Encoding.UTF8.GetBytes(Header + "\r\n" +
            "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Phúc Xá,0001,Phường\r\n" +
            "Thành phố Hà Nội,01,Quận Ba Đình,001,Phường Trúc Bạch,00004,Làng\r\n" +
            "Thành phố Hà Nội,01,Quận Ba Đình\r\n");

        var error = Assert.Throws<InvalidDataException>(() => GsoFiles.ReadEdition(First, bad, "test"));

        Assert.Contains("line 2: '0001' is not a commune code", error.Message);
        Assert.Contains("line 3: Cấp 'Làng' is not a commune rank", error.Message);
        Assert.Contains("line 4: 3 columns; expected 7", error.Message);
        Assert.Throws<InvalidDataException>(() => GsoFiles.ReadEdition(First, Encoding.UTF8.GetBytes("a,b,c\r\n1,2,3\r\n"), "test"));
    }

    [Fact]
    public void Quoted_cells_and_a_byte_order_mark_are_read_as_RFC_4180_says()
    {
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
            Header + "\r\n\"Thành phố Hà Nội\",01,\"Quận \"\"Ba\"\" Đình\",001,\"Phường Phúc Xá, Mới\",00001,Phường\r\n")).ToArray();

        var edition = GsoFiles.ReadEdition(First, content, "test");

        Assert.Equal("Quận \"Ba\" Đình", edition.Units["001"].Name);
        Assert.Equal("Phường Phúc Xá, Mới", edition.Units["00001"].Name);
    }

    private static EditionImport Build(params UnitEdition[] editions) => EditionHistory.Build(editions, null, null);

    private static UnitVersion Single(EditionImport built, string code) => Assert.Single(built.Map.Units, u => u.Code == code);

    private static UnitEdition Edition(DateOnly date, params string[] rows) =>
        GsoFiles.ReadEdition(date, Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Prepend(Header)) + "\r\n"), $"{date:yyyy-MM-dd}.csv");

    private static ConversionTable Conversion(params string[] rows) =>
        GsoFiles.ReadConversion(Reform, Encoding.UTF8.GetBytes(string.Join("\n", rows.Prepend(
            "source_row,old_code,old_name,old_district_code,old_district_name,old_province_code,old_province_name,new_code,new_name,new_province_code,new_province_name,whole_or_part,note"))), "conversion.csv");
}
