using System.Diagnostics;
using DanVan.Hub.Hosting;

namespace DanVan.Testing;

/// <summary>What one run of the hub's command line printed, and how it ended.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output, line by line, without blank lines or surrounding spaces.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the hub's command line (<c>clients …</c>, <c>import-edition …</c>) as its own process on a database.</summary>
public static class HubCommand
{
    public static async Task<CommandResult> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__DanVan"] = connectionString, ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(typeof(HubApplication).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeouts.Startup);
        return new CommandResult(process.ExitCode, await output, await error);
    }
}
