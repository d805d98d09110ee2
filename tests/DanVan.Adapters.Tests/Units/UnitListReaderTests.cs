using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;

namespace DanVan.Adapters.Tests.Units;

/// <summary>The dating rules of the unit-list reader, on small hand-written lists.</summary>
public sealed class UnitListReaderTests : IDisposable
{
    private static readonly DateOnly Eve = new(2025, 6, 30);
    private static readonly DateOnly Reform = new(2025, 7, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("danvan-units-").FullName;

    public UnitListReaderTests()
    {
        Write("old/tinh_tp.json", """{"01": {"name": "Hà Nội", "type": "thanh-pho", "name_with_type": "Thành phố Hà Nội", "code": "01"}}""");
        Write("old/quan_huyen.json", """
            {"001": {"name": "Ba Đình", "type": "quan", "name_with_type": "Quận Ba Đình", "code": "001", "parent_code": "01"},
             "318": {"name": "Bạch Long Vĩ", "type": "huyen", "name_with_type": "Huyện Bạch Long Vĩ", "code": "318", "parent_code": "01"}}
            """);
        Write("old/xa_phuong.json", """
            {"00001": {"name": "Phúc Xá", "type": "phuong", "name_with_type": "Phường Phúc Xá", "code": "00001", "parent_code": "001"},
             "00004": {"name": "Trúc Bạch", "type": "phuong", "name_with_type": "Phường Trúc Bạch", "code": "00004", "parent_code": "001"},
             "00006": {"name": "Vĩnh Phúc", "type": "phuong", "name_with_type": "Phường Vĩnh Phúc", "code": "00006", "parent_code": "001"},
             "00007": {"name": "Cống Vị", "type": "phuong", "name_with_type": "Phường Cống Vị", "code": "00007", "parent_code": "001"}}
            """);
        Write("new/splits.json", """
            {"data": [{"level1_id": "01", "name": "Thành phố Hà Nội", "splits": [],
              "level3s": [
                {"level3_id": "00001", "name": "Phường Phúc  Xá", "splits": []},
                {"level3_id": "00004", "name": "Phường Trúc Bạch", "splits": []},
                {"level3_id": "00007", "name": "Phường Cống Vị Mới", "splits": []},
                {"level3_id": "00009", "name": "Xã Mới Lập", "splits": []}]}]}
            """);
        Write("new/merges.json", """
            {"data": [{"level1_id": "01", "name": "Thành phố Hà Nội", "merges": [],
              "level2s": [
                {"level2_id": "00004", "name": "Phường Ba Đình", "merges": [
                  {"old_id": "00004", "name": "Phường Trúc Bạch", "type": "full"},
                  {"old_id": "00007", "name": "Phường Cống Vị Mới", "type": "partial"}]},
                {"level2_id": "00008", "name": "Phường Ngọc Hà", "merges": [
                  {"old_id": "00001", "name": "Phường Phúc Xá", "type": "full"},
                  {"old_id": "00007", "name": "Phường Cống Vị Mới", "type": "partial"},
                  {"old_id": "00009", "name": "Xã Mới Lập", "type": "full"}]},
                {"level2_id": "26732", "name": "Đặc khu Bạch Long Vĩ", "merges": [
                  {"old_id": "318", "name": "Huyện Bạch Long Vĩ", "type": "full"}]}]}]}
            """);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private UnitMap Read() => UnitListReader.Read(_folder, new HashSet<string> { "01" });

    [Fact]
    public void A_commune_on_both_lists_under_the_same_name_lasts_until_the_reform()
    {
        var versions = Read().Units.Where(u => u.Code == "00001" && u.ValidTo <= Reform).ToList();

        var unit = Assert.Single(versions);
        Assert.Equal((null, Reform, false, false), (unit.ValidFrom, unit.ValidTo, unit.ValidFromInferred, unit.ValidToInferred));
        Assert.Equal("Phường Phúc Xá", unit.Name);
        Assert.Equal("001", unit.ParentCode);
    }

    [Fact]
    public void A_commune_missing_from_the_eve_list_is_gone_by_the_eve_flagged_inferred()
    {
        var unit = Assert.Single(Read().Units, u => u.Code == "00006");

        Assert.Equal((null, Eve, true), (unit.ValidFrom, unit.ValidTo, unit.ValidToInferred));
    }

    [Fact]
    public void A_commune_first_seen_on_the_eve_list_exists_from_the_eve_under_its_province()
    {
        var unit = Assert.Single(Read().Units, u => u.Code == "00009");

        Assert.Equal((Eve, Reform, true, false), (unit.ValidFrom, unit.ValidTo, unit.ValidFromInferred, unit.ValidToInferred));
        Assert.Equal("01", unit.ParentCode);
        Assert.Equal("xa", unit.UnitType);
    }

    [Fact]
    public void A_commune_renamed_between_the_lists_gets_a_second_version_linked_full()
    {
        var map = Read();
        var versions = map.Units.Where(u => u.Code == "00007").OrderBy(u => u.ValidFrom).ToList();

        Assert.Equal(2, versions.Count);
        Assert.Equal(("Phường Cống Vị", (DateOnly?)null, (DateOnly?)Eve), (versions[0].Name, versions[0].ValidFrom, versions[0].ValidTo));
        Assert.Equal(("Phường Cống Vị Mới", (DateOnly?)Eve, (DateOnly?)Reform), (versions[1].Name, versions[1].ValidFrom, versions[1].ValidTo));
        Assert.Contains(new LineageLink(versions[0].Key, versions[1].Key, LineageKind.Full), map.Links);
    }

    [Fact]
    public void Reform_links_point_from_the_eve_versions_with_their_kind()
    {
        var links = Read().Links.Where(l => l.Successor.ValidFrom == Reform).ToList();

        Assert.Contains(new LineageLink(new("00004", null), new("00004", Reform), LineageKind.Full), links);
        Assert.Contains(new LineageLink(new("00007", Eve), new("00004", Reform), LineageKind.Partial), links);
        Assert.Contains(new LineageLink(new("00009", Eve), new("00008", Reform), LineageKind.Full), links);
        Assert.Contains(new LineageLink(new("318", null), new("26732", Reform), LineageKind.Full), links);
        Assert.Equal(6, links.Count);
    }

    [Fact]
    public void Districts_end_when_the_level_was_abolished()
    {
        Assert.All(Read().Units.Where(u => u.Level == AdminLevel.District), d =>
            Assert.Equal((null, Reform, false), (d.ValidFrom, d.ValidTo, d.ValidToInferred)));
    }

    [Fact]
    public void An_unknown_link_type_is_refused_with_the_commune_named()
    {
        var merges = Path.Combine(_folder, "new", "merges.json");
        File.WriteAllText(merges, File.ReadAllText(merges).Replace("\"partial\"", "\"some\""));

        var error = Assert.Throws<InvalidDataException>(Read);

        Assert.Contains("00004", error.Message);
        Assert.Contains("'some'", error.Message);
    }

    [Fact]
    public void A_predecessor_no_list_knows_is_refused()
    {
        var merges = Path.Combine(_folder, "new", "merges.json");
        File.WriteAllText(merges, File.ReadAllText(merges).Replace("\"old_id\": \"00001\"", "\"old_id\": \"00002\""));

        var error = Assert.Throws<InvalidDataException>(Read);

        Assert.Contains("predecessor 00002", error.Message);
    }

    [Fact]
    public void A_unit_under_an_unknown_province_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => UnitListReader.Read(_folder, new HashSet<string> { "02" }));

        Assert.Contains("unknown province 01", error.Message);
    }

    [Fact]
    public void A_folder_without_lists_is_refused()
    {
        var empty = Directory.CreateTempSubdirectory("danvan-empty-").FullName;
        try
        {
            Assert.Throws<InvalidDataException>(() => UnitListReader.Read(empty, new HashSet<string> { "01" }));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private void Write(string relativePath, string json)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }
}
