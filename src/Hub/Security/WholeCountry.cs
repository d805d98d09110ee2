using DanVan.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DanVan.Hub.Security;

/// <summary>
/// The methods that take an empty unit field for the whole country, and that field: the national
/// dialogue summary and the indicator lists of the provinces. Such a call names no unit, so the unit
/// check cannot see it; a client limited to a unit is refused it instead, before anything is read.
/// (ListUnits lists the provinces without a parent too, but the map is reference data open to all.)
/// </summary>
public static class WholeCountry
{
    private static readonly Dictionary<MethodDescriptor, FieldDescriptor> Fields = new[]
    {
        Of(DialogueService.Descriptor, "SummarizeDialogues", "unit_code"),
        Of(ProcedureStatsService.Descriptor, "ListProcedureStats", "parent_code"),
        Of(IdIssuanceService.Descriptor, "ListIdIssuanceProgress", "parent_code"),
    }.ToDictionary(m => m.Method, m => m.Field);

    /// <summary>Each method that reads an empty unit field as the country, with that field.</summary>
    public static IReadOnlyDictionary<MethodDescriptor, FieldDescriptor> Methods => Fields;

    /// <summary>Whether <paramref name="request"/> of <paramref name="method"/> asks for the whole country.</summary>
    public static bool IsAskedFor(MethodDescriptor method, IMessage request) =>
        Fields.TryGetValue(method, out var field) && field.Accessor.GetValue(request) is "";

    private static (MethodDescriptor Method, FieldDescriptor Field) Of(Google.Protobuf.Reflection.ServiceDescriptor service, string method, string field)
    {
        var found = service.FindMethodByName(method) ?? throw new InvalidOperationException($"{service.Name} has no method {method}.");
        return (found, found.InputType.FindFieldByName(field) ?? throw new InvalidOperationException($"{found.InputType.Name} has no field {field}."));
    }
}
