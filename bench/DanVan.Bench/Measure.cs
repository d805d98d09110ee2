using System.Diagnostics;

namespace DanVan.Bench;

internal static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var stopwatch = Stopwatch.StartNew();
        await action();
        return stopwatch.Elapsed;
    }

    public static T Median<T>(IEnumerable<T> values) where T : IComparable<T>
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    public static void Report(string line) => Console.WriteLine(line);
}
