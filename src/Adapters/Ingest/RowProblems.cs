namespace DanVan.Adapters.Ingest;

/// <summary>
/// The problems of one batch. Every problem is counted, in total and per code, but only the first
/// <c>limit</c> by row are kept, so that a file of millions of bad rows costs memory and a response
/// in proportion to the limit, not to the file. Each producer checks one row at a time and adds that
/// row's problems together, so a problem for another row than the last one starts a new rejected row.
/// </summary>
public sealed class RowProblems(int limit)
{
    // A max-heap on (row, arrival): the kept problem that is latest by row leaves first when a smaller row comes.
    private readonly PriorityQueue<RowProblem, (int Row, long Order)> _kept =
        new(Comparer<(int Row, long Order)>.Create((a, b) => b.CompareTo(a)));
    private readonly Dictionary<string, int> _byCode = [];
    private int? _lastRow;

    public int Total { get; private set; }

    /// <summary>Rows with at least one problem.</summary>
    public int RejectedRows { get; private set; }

    public IReadOnlyDictionary<string, int> CountByCode => _byCode;

    public void Add(RowProblem problem)
    {
        if (problem.Row != _lastRow)
        {
            RejectedRows++;
            _lastRow = problem.Row;
        }

        _byCode[problem.Code] = _byCode.GetValueOrDefault(problem.Code) + 1;
        var order = (problem.Row, (long)Total++);
        if (_kept.Count < limit)
        {
            _kept.Enqueue(problem, order);
        }
        else if (limit > 0 && _kept.TryPeek(out _, out var latest) && order.CompareTo(latest) < 0)
        {
            _kept.DequeueEnqueue(problem, order);
        }
    }

    /// <summary>The kept problems, ordered by row (a row's problems in the order found).</summary>
    public IReadOnlyList<RowProblem> Kept() =>
        _kept.UnorderedItems.OrderBy(i => i.Priority).Select(i => i.Element).ToList();
}
