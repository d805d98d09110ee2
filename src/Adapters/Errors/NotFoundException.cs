namespace DanVan.Adapters.Errors;

/// <summary>The resource a caller named does not exist (for the date it named).</summary>
public sealed class NotFoundException(string resource, string message) : Exception(message)
{
    /// <summary>Kind of resource, e.g. "admin unit"; becomes part of the error's stable reason.</summary>
    public string Resource { get; } = resource;
}
