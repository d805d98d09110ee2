using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Sources;

namespace DanVan.Adapters.Tests.Ingest;

public sealed class SourceValuesTests
{
    private readonly RowProblems _problems = new(100);

    private SourceValues Values => new(7, _problems);

    [Theory]
    [InlineData("754.277", 754277)]
    [InlineData("754,277", 754277)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("754 277", 754277)]
    [InlineData("754\u00a0277", 754277)]
    [InlineData("754277", 754277)]
    [InlineData(" 0 ", 0)]
    public void Counts_accept_vietnamese_and_other_digit_grouping(string text, long expected)
    {
        Assert.Equal(expected, Values.Count(text, "f"));
        Assert.Empty(_problems.Kept());
    }

    [Theory]
    [InlineData("12,5", "NOT_A_NUMBER")]
    [InlineData("1.23.456", "NOT_A_NUMBER")]
    [InlineData("1.234,567", "NOT_A_NUMBER")]
    [InlineData("abc", "NOT_A_NUMBER")]
    [InlineData("0123", "NOT_A_NUMBER")]
    [InlineData("-5", "NEGATIVE_COUNT")]
    public void Bad_counts_become_row_problems_naming_the_field(string text, string code)
    {
        Assert.Null(Values.Count(text, "cards_returned"));
        var problem = Assert.Single(_problems.Kept());
        Assert.Equal((7, "cards_returned", code), (problem.Row, problem.Field, problem.Code));
    }

    [Fact]
    public void An_empty_count_is_not_reported_rather_than_zero()
    {
        Assert.Null(Values.Count("", "f"));
        Assert.Empty(_problems.Kept());
    }

    [Theory]
    [InlineData("30/09/2025", 2025, 9, 30)]
    [InlineData("1/9/2025", 2025, 9, 1)]
    public void Dates_are_day_first(string text, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), Values.Date(text, "report_date"));

    [Fact]
    public void An_iso_date_is_not_the_format_s_date()
    {
        Assert.Null(Values.Date("2025-09-30", "report_date"));
        Assert.Equal(ProblemCodes.BadDate, Assert.Single(_problems.Kept()).Code);
    }

    [Theory]
    [InlineData("2025-09")]
    [InlineData("09/2025")]
    [InlineData("9/2025")]
    public void Months_are_their_first_day(string text) =>
        Assert.Equal(new DateOnly(2025, 9, 1), Values.Month(text, "period"));

    [Theory]
    [InlineData("98,47%", 98.47)]
    [InlineData("98.47 %", 98.47)]
    [InlineData("100%", 100)]
    public void Percentages_take_a_decimal_comma(string text, double expected) =>
        Assert.Equal((decimal)expected, Values.Percent(text, "p"));

    [Fact]
    public void Header_keys_ignore_case_spacing_unicode_form_and_bom() =>
        Assert.Equal(SourceValues.HeaderKey("Số thẻ đã trả"),
            SourceValues.HeaderKey("\uFEFF  SỐ THẺ   ĐÃ TRẢ ".Normalize(System.Text.NormalizationForm.FormD)));
}
