using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DanVan.Testing;

/// <summary>The hub as its own OS process, as operators run it, on free loopback ports.</summary>
public sealed class HubProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly GrpcChannel _channel;

    public HubProcess(string connectionString, params string[] settings)
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
                $"--DanVan:WebUrl=http://127.0.0.1:{PostgresServer.FreePort()}", "--DanVan:JobWorkers=1",
                "--DanVan:Security:DemoClients=false",
            },
        };
        foreach (var setting in settings)
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
