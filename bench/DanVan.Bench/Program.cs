using DanVan.Bench;

// Each benchmark measures the hub against a baseline in the same run and prints the ratio: absolute
// times drift on shared machines, ratios much less.
var benchmarks = new Dictionary<string, Func<Task>>
{
    ["ingest"] = IngestBenchmark.RunAsync,
    ["rollup"] = RollUpBenchmark.RunAsync,
    ["national"] = NationalFiguresBenchmark.RunAsync,
    ["dialogues"] = DialoguePlanBenchmark.RunAsync,
    ["security"] = SecurityOverheadBenchmark.RunAsync,
    ["web"] = WebPagesBenchmark.RunAsync,
};

var selected = args.Length == 0 ? benchmarks.Keys.ToArray() : args;
foreach (var name in selected)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: {string.Join(", ", benchmarks.Keys)}");
        return 2;
    }

    await run();
}

return 0;
