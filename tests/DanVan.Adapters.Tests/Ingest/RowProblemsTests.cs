using DanVan.Adapters.Ingest;

namespace DanVan.Adapters.Tests.Ingest;

public sealed class RowProblemsTests
{
    [Fact]
    public void Every_problem_is_counted_but_only_the_first_by_row_are_kept()
    {
        var problems = new RowProblems(3);
        foreach (var row in new[] { 9, 4, 7, 2, 8 })
        {
            problems.Add(new RowProblem(row, "unit_code", "REQUIRED", "missing"));
            problems.Add(new RowProblem(row, "period", row % 2 == 0 ? "BAD_PERIOD" : "REQUIRED", "bad"));
        }

        Assert.Equal((10, 5), (problems.Total, problems.RejectedRows));
        Assert.Equal(new Dictionary<string, int> { ["REQUIRED"] = 7, ["BAD_PERIOD"] = 3 }, problems.CountByCode);
        Assert.Equal([(2, "unit_code"), (2, "period"), (4, "unit_code")], problems.Kept().Select(p => (p.Row, p.Field)));
    }

    [Fact]
    public void A_limit_of_zero_keeps_nothing_and_still_counts()
    {
        var problems = new RowProblems(0);
        problems.Add(new RowProblem(1, "", "MALFORMED", "x"));

        Assert.Empty(problems.Kept());
        Assert.Equal(1, problems.Total);
    }
}
