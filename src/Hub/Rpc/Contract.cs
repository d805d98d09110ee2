using DanVan.Contracts.V1;

namespace DanVan.Hub.Rpc;

/// <summary>The public contract's services (package <c>danvan.v1</c>), from their descriptors.</summary>
public static class Contract
{
    public static IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> Services { get; } = new[]
    {
        AdminUnitsReflection.Descriptor, IdIssuanceReflection.Descriptor, ProcedureStatsReflection.Descriptor,
        ImportReflection.Descriptor, DialoguesReflection.Descriptor, AuditReflection.Descriptor, CalendarReflection.Descriptor,
    }.SelectMany(f => f.Services).ToList();
}
