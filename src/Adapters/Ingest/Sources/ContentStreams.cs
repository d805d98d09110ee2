using System.Runtime.InteropServices;

namespace DanVan.Adapters.Ingest.Sources;

internal static class ContentStreams
{
    /// <summary>A read-only stream over the content, without copying it when it lies in an array (as a request's bytes do).</summary>
    public static MemoryStream Of(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
