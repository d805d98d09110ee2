using DanVan.Contracts.V1;

namespace DanVan.Hub.Rpc;

/// <summary>The public contract's services (package <c>danvan.v1</c>), from their descriptors.</summary>
public static class Contract
{
    public static IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services { get; } = new[]
    {
        AdminUnitsReflection.Descriptor, IdIssuanceReflection.Descriptor, ProcedureStatsReflection.Descriptor,
        ImportReflection.Descriptor, DialoguesReflection.Descriptor, DocumentsReflection.Descriptor, AuditReflection.Descriptor, CalendarReflection.Descriptor,
    }.SelectMany(f => f.Services).ToList();

    /// <summary>A domain enum value missing from its mapping table: a bug, which the enum round-trip tests catch first.</summary>
    public static ArgumentOutOfRangeException Unmapped<T>(T value) where T : struct, System.Enum =>
        new(nameof(value), value, $"{typeof(T).Name}.{value} has no value in the contract.");
}
