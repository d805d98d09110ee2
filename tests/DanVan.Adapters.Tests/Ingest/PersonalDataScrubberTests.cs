using DanVan.Adapters.Privacy;

namespace DanVan.Adapters.Tests.Ingest;

public sealed class PersonalDataScrubberTests
{
    [Theory]
    [InlineData("CCCD 001099012345 của bà An", "CCCD [số định danh đã ẩn] của bà An")]
    [InlineData("số 001 099 012 345", "số [số định danh đã ẩn]")]
    [InlineData("gọi 0912345678 hoặc 0912.345.679", "gọi [số điện thoại đã ẩn] hoặc [số điện thoại đã ẩn]")]
    [InlineData("ĐT: +84 912 345 678", "ĐT: [số điện thoại đã ẩn]")]
    [InlineData("máy bàn 024 3825 1234", "máy bàn [số điện thoại đã ẩn]")]
    [InlineData("CCCD 079203001234, SĐT 0987654321", "CCCD [số định danh đã ẩn], SĐT [số điện thoại đã ẩn]")]
    [InlineData("0987 654 321; +84987654321; +84 987 654 321", "[số điện thoại đã ẩn]; [số điện thoại đã ẩn]; [số điện thoại đã ẩn]")]
    [InlineData("lot-079203001234-0987654321", "lot-[số định danh đã ẩn]-[số điện thoại đã ẩn]")]
    public void Id_and_phone_numbers_are_replaced(string text, string expected)
    {
        Assert.Equal(expected, PersonalDataScrubber.Scrub(text));
        Assert.True(PersonalDataScrubber.HasPersonalNumber(text));
    }

    [Theory]
    [InlineData("754.277 hồ sơ, 98,47%")]
    [InlineData("ngày 30/09/2025, mã 00004")]
    [InlineData("1009584 dòng")]
    public void Figures_dates_and_unit_codes_are_left_alone(string text)
    {
        Assert.Equal(text, PersonalDataScrubber.Scrub(text));
        Assert.False(PersonalDataScrubber.HasPersonalNumber(text));
    }
}
