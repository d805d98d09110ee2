using DanVan.Adapters.Units;
using DanVan.Adapters.Units.Import;
using DanVan.Testing;

namespace DanVan.Adapters.Tests.Units;

/// <summary>The reader on the two older real public lists alone (no editions), read in place from ../shared/data/units.</summary>
public sealed class RealUnitListsTests
{
    private static readonly Lazy<UnitMap> Map = new(() => UnitImporter.BuildMap(RepoPaths.OlderUnitListsDir));

    private static int CountValidOn(AdminLevel level, DateOnly date) =>
        Map.Value.Units.Count(u => u.Level == level && IsValidOn(u, date));

    [Theory]
    [InlineData(2023, 6, 1, 63, 705, 10599)]
    [InlineData(2025, 8, 1, 34, 0, 3321)]
    public void The_map_has_the_official_counts_on_each_side_of_the_reform(int y, int m, int d, int provinces, int districts, int communes)
    {
        var date = new DateOnly(y, m, d);

        Assert.Equal(provinces, CountValidOn(AdminLevel.Province, date));
        Assert.Equal(districts, CountValidOn(AdminLevel.District, date));
        Assert.Equal(communes, CountValidOn(AdminLevel.Commune, date));
    }

    [Fact]
    public void On_the_eve_of_the_reform_the_map_holds_the_communes_the_mapping_lists() =>
        Assert.Equal(10047, CountValidOn(AdminLevel.Commune, new DateOnly(2025, 6, 30)));

    [Fact]
    public void No_code_has_two_meanings_on_any_day()
    {
        foreach (var versions in Map.Value.Units.GroupBy(u => u.Code).Where(g => g.Count() > 1))
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
        var byCode = Map.Value.Units.ToLookup(u => u.Code);
        foreach (var unit in Map.Value.Units.Where(u => u.Level != AdminLevel.Province))
        {
            DateOnly[] days = [unit.ValidFrom ?? new DateOnly(2000, 1, 1), (unit.ValidTo ?? new DateOnly(2100, 1, 1)).AddDays(-1)];
            foreach (var day in days)
            {
                var parent = byCode[unit.ParentCode!].SingleOrDefault(p => IsValidOn(p, day));
                Assert.True(parent is not null && parent.Level < unit.Level, $"{unit.Code} has no parent {unit.ParentCode} on {day}");
            }
        }
    }

    [Fact]
    public void Every_former_province_goes_whole_into_exactly_one_new_province()
    {
        var reform = new DateOnly(2025, 7, 1);
        var provinceLinks = Map.Value.Links.Where(l => l.Successor.ValidFrom == reform && l.Successor.Code.Length == 2).ToList();

        Assert.Equal(63, provinceLinks.Count);
        Assert.Equal(63, provinceLinks.Select(l => l.Predecessor.Code).Distinct().Count());
        Assert.All(provinceLinks, l => Assert.Equal(LineageKind.Full, l.Kind));
        Assert.Contains(provinceLinks, l => l.Predecessor.Code == "35" && l.Successor.Code == "37");
    }

    [Fact]
    public void The_gaps_between_the_lists_are_flagged_as_inferred()
    {
        var units = Map.Value.Units.Where(u => u.Level == AdminLevel.Commune).ToList();

        Assert.Equal(567, units.Count(u => u.ValidToInferred && u.ValidTo == UnitListReader.EveOfReform
                                           && !units.Any(v => v.Code == u.Code && v.ValidFrom == UnitListReader.EveOfReform)));
        Assert.Equal(15, units.Count(u => u.ValidFromInferred && u.ParentCode!.Length == 2 && u.ValidTo == new DateOnly(2025, 7, 1)));
        Assert.All(units.Where(u => u.ValidFromInferred), u => Assert.Equal(UnitListReader.EveOfReform, u.ValidFrom));
    }

    [Fact]
    public void Names_are_stored_in_nfc() =>
        Assert.All(Map.Value.Units, u => Assert.True(u.Name.IsNormalized(System.Text.NormalizationForm.FormC), u.Name));

    private static bool IsValidOn(UnitVersion u, DateOnly date) =>
        (u.ValidFrom is null || u.ValidFrom <= date) && (u.ValidTo is null || date < u.ValidTo);
}
