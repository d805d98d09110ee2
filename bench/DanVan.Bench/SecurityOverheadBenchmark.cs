using System.Diagnostics;
using DanVan.Contracts.V1;
using DanVan.Testing;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;

namespace DanVan.Bench;

/// <summary>
/// A read RPC (GetUnit) through the whole pipeline — authentication against the client registry,
/// scope and unit checks, rate limiting, the audit log, the error interceptor — against the same
/// method on a second hub in the same process whose gRPC interceptors are removed, same database,
/// same run. Rounds alternate between the two; 16 concurrent callers each; requests per second and
/// p99 latency compared.
/// </summary>
internal static class SecurityOverheadBenchmark
{
    private const int Callers = 16;
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(3);

    public static async Task RunAsync()
    {
        Measure.Report("## Security pipeline overhead: GetUnit with authentication, authorisation, rate limit and audit vs bare");
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap);
        await using var secured = await HubHost.StartAsync(connectionString, "--Logging:LogLevel:Default=Warning");
        await using var bare = await HubHost.StartAsync(connectionString,
            builder => builder.Services.PostConfigure<GrpcServiceOptions>(o => o.Interceptors.Clear()), "--Logging:LogLevel:Default=Warning");
        var securedClient = new AdminUnitService.AdminUnitServiceClient(secured.CallInvoker);
        var bareClient = new AdminUnitService.AdminUnitServiceClient(bare.CallInvokerFor(null));
        var request = new GetUnitRequest { Code = "00004", AsOf = new Google.Type.Date { Year = 2025, Month = 8, Day = 1 } };

        async Task<(double PerSecond, double P99)> RoundAsync(AdminUnitService.AdminUnitServiceClient client)
        {
            var latencies = new List<double>[Callers];
            var until = Stopwatch.GetTimestamp() + (long)(Round.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, Callers).Select(async i =>
            {
                latencies[i] = [];
                while (Stopwatch.GetTimestamp() < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    await client.GetUnitAsync(request);
                    latencies[i].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }));
            var all = latencies.SelectMany(l => l).Order().ToList();
            return (all.Count / Round.TotalSeconds, all[(int)(all.Count * 0.99)]);
        }

        await RoundAsync(securedClient);
        await RoundAsync(bareClient);
        var securedRounds = new List<(double PerSecond, double P99)>();
        var bareRounds = new List<(double PerSecond, double P99)>();
        for (var round = 0; round < 5; round++)
        {
            bareRounds.Add(await RoundAsync(bareClient));
            securedRounds.Add(await RoundAsync(securedClient));
        }

        var (securedRate, securedP99) = (Measure.Median(securedRounds.Select(r => r.PerSecond)), Measure.Median(securedRounds.Select(r => r.P99)));
        var (bareRate, bareP99) = (Measure.Median(bareRounds.Select(r => r.PerSecond)), Measure.Median(bareRounds.Select(r => r.P99)));
        Measure.Report($"bare: {bareRate:F0} req/s, p99 {bareP99:F2} ms; secured: {securedRate:F0} req/s, p99 {securedP99:F2} ms; " +
                       $"throughput ratio {securedRate / bareRate:F2}x (target >= 0.7x), p99 ratio {securedP99 / bareP99:F2}x (target <= 2x)");
    }
}
