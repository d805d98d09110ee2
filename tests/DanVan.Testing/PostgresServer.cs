using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DanVan.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's server binaries, on a free loopback port,
/// in a temporary folder. As root it runs as the <c>postgres</c> OS user, since initdb refuses root.
/// Durability is off (fsync, synchronous_commit): the data dies with the test run anyway.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _binDir;
    private readonly string _dataDir;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDir, string dataDir, int port, bool asPostgresUser)
    {
        _binDir = binDir;
        _dataDir = dataDir;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Short waits so that tests of an unreachable database fail fast instead of hanging.
        Timeout = 5,
        // Generous: two imports of the whole map queue on one lock, on a loaded two-core machine.
        CommandTimeout = 300,
    }.ConnectionString;

    public static async Task<PostgresServer> StartAsync()
    {
        var binDir = FindBinDir();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var dataDir = Path.Combine(Path.GetTempPath(), "danvan-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", dataDir], asUser: null);
        }

        var server = new PostgresServer(binDir, dataDir, FreePort(), asPostgresUser);
        await server.RunPgAsync("initdb", ["-D", Path.Combine(dataDir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the cluster (again, after <see cref="StopAsync"/>), on the same port.</summary>
    public Task StartAgainAsync() => RunPgAsync("pg_ctl", [
        "-D", Path.Combine(_dataDir, "data"), "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
        "start"]);

    public Task StopAsync() => RunPgAsync("pg_ctl", ["-D", Path.Combine(_dataDir, "data"), "-m", "fast", "-w", "-t", "60", "stop"]);

    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"create database \"{name}\"" + (template is null ? "" : $" template \"{template}\""), connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", ["-D", Path.Combine(_dataDir, "data"), "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_dataDir, recursive: true);
    }

    private Task RunPgAsync(string program, string[] args) =>
        RunAsync(Path.Combine(_binDir, program), args, _asPostgresUser ? "postgres" : null);

    private static async Task RunAsync(string program, string[] args, string? asUser)
    {
        var start = new ProcessStartInfo(asUser is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asUser is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(asUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private static string FindBinDir()
    {
        if (Environment.GetEnvironmentVariable("DANVAN_PG_BINDIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and DANVAN_PG_BINDIR). " +
                "Install them with: apt-get install -y postgresql");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
