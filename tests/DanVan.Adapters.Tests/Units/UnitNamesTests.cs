using System.Text;
using DanVan.Adapters.Units;

namespace DanVan.Adapters.Tests.Units;

public sealed class UnitNamesTests
{
    [Theory]
    [InlineData("Phường Ba Đình", "phuong ba dinh")]
    [InlineData("Thành phố Hà Nội", "thanh pho ha noi")]
    [InlineData("ĐẶC KHU CÔN ĐẢO", "dac khu con dao")]
    [InlineData("  Xã   Đạ M'ri ", "xa da m'ri")]
    public void Folding_drops_case_diacritics_and_extra_spaces(string name, string folded) =>
        Assert.Equal(folded, UnitNames.Fold(name));

    [Fact]
    public void Old_and_new_tone_placement_fold_to_the_same_key() =>
        Assert.Equal(UnitNames.Fold("Tỉnh Hoà Bình"), UnitNames.Fold("Tỉnh Hòa Bình"));

    [Fact]
    public void The_apostrophe_variants_fold_to_one() =>
        Assert.Equal(UnitNames.Fold("Huyện Ea H'Leo"), UnitNames.Fold("Huyện Ea H\u2019Leo"));

    [Theory]
    [InlineData("Xã Hoà Bình", "Xã Hòa Bình")]
    [InlineData("Phường Thuỷ Châu", "Phường Thủy Châu")]
    [InlineData("Thị Trấn Quỳ Hợp", "Thị trấn Quỳ Hợp")]
    [InlineData("Xã Ea H\u2019Leo", "Xã Ea H'Leo")]
    [InlineData("Xã  Khoẻ", "xã Khỏe")]
    public void Tone_placement_case_and_apostrophes_are_spelling(string a, string b) =>
        Assert.True(UnitNames.SameSpelling(a, b));

    [Theory]
    [InlineData("Xã Sập Vạt", "Xã Sặp Vạt")]
    [InlineData("Xã Cẩm Vĩnh", "Xã Cẩm Vịnh")]
    [InlineData("Xã Phó Bảng", "Xã Phố Bảng")]
    [InlineData("Xã Hòa Bình", "Xã Hoa Bình")]
    [InlineData("Xã Đông Hà", "Xã Dông Hà")]
    public void A_different_letter_vowel_mark_or_tone_is_another_name(string a, string b) =>
        Assert.False(UnitNames.SameSpelling(a, b));

    [Fact]
    public void A_decomposed_name_normalizes_to_the_composed_one()
    {
        var decomposed = "Phường Ba Đình".Normalize(NormalizationForm.FormD);

        Assert.NotEqual("Phường Ba Đình", decomposed);
        Assert.Equal("Phường Ba Đình", UnitNames.Normalize(decomposed));
        Assert.Equal("phuong ba dinh", UnitNames.Fold(decomposed));
    }
}

public sealed class UnitCodesTests
{
    [Theory]
    [InlineData("01", AdminLevel.Province)]
    [InlineData("001", AdminLevel.District)]
    [InlineData("00004", AdminLevel.Commune)]
    public void Code_length_gives_the_level(string code, AdminLevel level)
    {
        Assert.True(UnitCodes.IsWellFormed(code));
        Assert.Equal(level, UnitCodes.LevelOf(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("0001")]
    [InlineData("000004")]
    [InlineData("0a")]
    [InlineData("٠١")]
    public void Anything_but_2_3_or_5_ascii_digits_is_malformed(string? code) =>
        Assert.False(UnitCodes.IsWellFormed(code));
}

public sealed class UnitTypesTests
{
    [Theory]
    [InlineData("Thành phố Hà Nội", AdminLevel.Province, "thanh-pho")]
    [InlineData("Tỉnh Cao Bằng", AdminLevel.Province, "tinh")]
    [InlineData("Thành phố Bắc Ninh", AdminLevel.District, "thanh-pho")]
    [InlineData("Thị xã Sơn Tây", AdminLevel.District, "thi-xa")]
    [InlineData("Thị Trấn Mường Chà", AdminLevel.Commune, "thi-tran")]
    [InlineData("Đặc khu Côn Đảo", AdminLevel.Commune, "dac-khu")]
    [InlineData("Phường Ba Đình", AdminLevel.Commune, "phuong")]
    public void The_name_prefix_gives_the_type(string name, AdminLevel level, string type) =>
        Assert.Equal(type, UnitTypes.FromName(name, level));

    [Theory]
    [InlineData("xã Bắc Sơn", AdminLevel.Commune, "Xã Bắc Sơn")]
    [InlineData("Thị Trấn  Mường Chà", AdminLevel.Commune, "Thị trấn Mường Chà")]
    [InlineData("THÀNH PHỐ Huế", AdminLevel.Province, "Thành phố Huế")]
    [InlineData("Ba Đình", AdminLevel.Commune, "Ba Đình")]
    public void The_canonical_name_capitalises_the_type_prefix_as_the_lists_do(string name, AdminLevel level, string canonical) =>
        Assert.Equal(canonical, UnitTypes.CanonicalName(name, level));

    [Fact]
    public void A_name_without_a_known_prefix_has_no_type() =>
        Assert.Null(UnitTypes.FromName("Ba Đình", AdminLevel.Commune));
}
