using System.ComponentModel.DataAnnotations;
namespace DanVan.Hub.Hosting;

/// <summary>The hub's own settings, section <c>DanVan</c>.</summary>
public sealed class HubOptions : IValidatableObject
{
    public const string Section = "DanVan";

    /// <summary>Cleartext gRPC needs an HTTP/2-only listener (h2c with prior knowledge).</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5151";

    /// <summary>HTTP/1.1 listener for the dashboard and web routes.</summary>
    public string WebUrl { get; set; } = "http://127.0.0.1:5150";

    /// <summary>A folder of public unit lists imported, idempotently, at every start; none when empty.</summary>
    public string? UnitsDir { get; set; }

    /// <summary>
    /// Hangfire worker threads of this instance; 0 runs no job server here (an instance that only
    /// serves calls and enqueues jobs for the others, in a scaled-out deployment).
    /// </summary>
    [Range(0, 256)]
    public int JobWorkers { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// How long a job a server has fetched stays hidden from the other servers. The timeout slides: the
    /// server running the job keeps extending it, so a long job is never picked up a second time while
    /// it runs, and a job whose server died is picked up again once this much time has passed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JobInvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, url) in new[] { (nameof(GrpcUrl), GrpcUrl), (nameof(WebUrl), WebUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"'{url}' is not an http:// or https:// address.", [name]);
            }
        }
    }
}
