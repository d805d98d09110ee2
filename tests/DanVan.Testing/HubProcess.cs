using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DanVan.Testing;

/// <summary>
/// The hub as its own OS process, as operators run it, on free loopback ports. Its clock is the
/// test's too: the process runs under libfaketime from the instant the test gives (by default
/// <see cref="HubHost.DefaultStart"/>), and it runs no Hangfire server unless a setting asks for one,
/// since job servers that share a database must share a clock and Hangfire's is the real one.
/// </summary>
public sealed class HubProcess : IDisposable
{
    private static readonly string[] FakeTimeLibraries =
        ["/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly GrpcChannel _channel;

    public HubProcess(string connectionString, params string[] settings)
        : this(connectionString, HubHost.DefaultStart, settings)
    {
    }

    public HubProcess(string connectionString, DateTimeOffset clockStart, params string[] settings)
    {
        var grpc = $"http://127.0.0.1:{PostgresServer.FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                typeof(DanVan.Hub.Hosting.HubApplication).Assembly.Location,
                $"--ConnectionStrings:DanVan={connectionString}", $"--DanVan:GrpcUrl={grpc}",
                $"--DanVan:WebUrl=http://127.0.0.1:{PostgresServer.FreePort()}", "--DanVan:JobWorkers=0",
            },
        };
        foreach (var (name, value) in FakeTimeEnvironment(clockStart))
        {
            start.Environment[name] = value;
        }

        foreach (var setting in HubHost.TestSettings.Concat(settings))
        {
            start.ArgumentList.Add(setting);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _channel = GrpcChannel.ForAddress(grpc);
    }

    /// <summary>The environment that runs a process (the hub, one of its commands) under libfaketime from <paramref name="clockStart"/>.</summary>
    public static IReadOnlyDictionary<string, string> FakeTimeEnvironment(DateTimeOffset clockStart) => new Dictionary<string, string>
    {
        ["LD_PRELOAD"] = FakeTimeLibraries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("libfaketime is needed to run a hub process on the test's clock: apt-get install -y faketime"),
        ["FAKETIME"] = FakeTimeOffset(clockStart),
        ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        // libfaketime's fix for waits on the monotonic clock makes .NET's timed waits end at once
        // (every synchronous Npgsql read times out); .NET needs it off.
        ["FAKETIME_FORCE_MONOTONIC_FIX"] = "0",
    };

    /// <summary>
    /// libfaketime's offset from the real clock that shows <paramref name="clockStart"/> now. The whole
    /// test run may itself be under an offset, which the process's own replaces.
    /// </summary>
    private static string FakeTimeOffset(DateTimeOffset clockStart)
    {
        var runOffset = System.Environment.GetEnvironmentVariable("FAKETIME") is { } run && run.Length > 1 && run[0] is '+' or '-'
            && long.TryParse(run, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;
        var realNow = TimeProvider.System.GetUtcNow() - runOffset;
        var offset = (long)(clockStart - realNow).TotalSeconds;
        return offset.ToString("+0;-0", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Calls made as the holder of <paramref name="credential"/>, each with a deadline unless it sets its own.</summary>
    public CallInvoker CallInvokerFor(string credential) =>
        _channel.Intercept(new DefaultDeadline(Timeouts.Call)).Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        });

    public async Task<bool> IsServingAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The hub process exited with {_process.ExitCode}: {Output}");
        }

        try
        {
            var health = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
            return health.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>Ends the process at once (SIGKILL): no shutdown, no disposal, as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        Kill();
        _process.Dispose();
    }
}
