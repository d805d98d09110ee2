namespace DanVan.Hub.Hosting;

/// <summary>The hub's own settings, section <c>DanVan</c>.</summary>
public sealed class HubOptions
{
    public const string Section = "DanVan";

    /// <summary>Cleartext gRPC needs an HTTP/2-only listener (h2c with prior knowledge).</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5151";

    /// <summary>HTTP/1.1 listener for the dashboard and web routes.</summary>
    public string WebUrl { get; set; } = "http://127.0.0.1:5150";

    /// <summary>A folder of public unit lists imported, idempotently, at every start; none when empty.</summary>
    public string? UnitsDir { get; set; }

    /// <summary>Hangfire worker threads of this instance.</summary>
    public int JobWorkers { get; set; } = Math.Max(2, Environment.ProcessorCount);
}
