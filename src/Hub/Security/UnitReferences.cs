using System.Collections.Concurrent;
using DanVan.Adapters.Units;
using DanVan.Contracts.V1;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DanVan.Hub.Security;

/// <summary>One value of a request that names a unit: where it is, what kind of field holds it, and the unit code it names.</summary>
public sealed record UnitReferenceValue(string Path, UnitReference Kind, string Value, string UnitCode);

/// <summary>
/// The fields of the contract annotated <c>(danvan.v1.names_unit)</c>, found from the descriptors in
/// nested and repeated messages too, and the unit codes a request names through them. Annotating a
/// field is all it takes to have it checked against a caller's subtree.
/// </summary>
public static class UnitReferences
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Plan> Plans = new();

    /// <summary>The annotation on a field, or unspecified.</summary>
    public static UnitReference KindOf(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(AnnotationsExtensions.NamesUnit) ?? UnitReference.Unspecified;

    /// <summary>
    /// Every annotated field reachable from <paramref name="message"/>, with its path from it (repeated
    /// fields and nested messages written as in a BadRequest, without indexes: <c>reports.unit_code</c>).
    /// </summary>
    public static IReadOnlyList<(string Path, FieldDescriptor Field)> AnnotatedFields(MessageDescriptor message)
    {
        var found = new List<(string, FieldDescriptor)>();
        Collect(message, "", [], found);
        return found;

        static void Collect(MessageDescriptor message, string prefix, HashSet<MessageDescriptor> visiting, List<(string, FieldDescriptor)> found)
        {
            if (!visiting.Add(message))
            {
                return;
            }

            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                if (KindOf(field) != UnitReference.Unspecified)
                {
                    found.Add((prefix + field.Name, field));
                }
                else if (field.FieldType == FieldType.Message && !field.IsMap)
                {
                    Collect(field.MessageType, prefix + field.Name + ".", visiting, found);
                }
            }

            visiting.Remove(message);
        }
    }

    /// <summary>The unit codes named by the annotated fields at the top of a request (what the audit records).</summary>
    public static IReadOnlyList<string> TopLevelUnitCodes(IMessage? request)
    {
        if (request is null)
        {
            return [];
        }

        var plan = PlanOf(request.Descriptor);
        if (plan.Units.Length == 0)
        {
            return [];
        }

        var codes = new List<string>(plan.Units.Length);
        foreach (var field in plan.Units)
        {
            if (field.Accessor.GetValue(request) is string { Length: > 0 } value && UnitCodeOf(UnitReference.Unit, value) is { } code)
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>Every unit a request names through an annotated field, anywhere in it; values that name no unit are left out.</summary>
    public static IEnumerable<UnitReferenceValue> In(IMessage request) => Walk(request, "");

    /// <summary>
    /// The unit code a value of an annotated field names: the code itself, the unit part of a person
    /// ("&lt;unit code&gt;:&lt;role&gt;"), the code a venue ends with; null when it names none or is not a
    /// well-formed code (the method refuses those itself).
    /// </summary>
    public static string? UnitCodeOf(UnitReference kind, string value) => kind switch
    {
        UnitReference.Unit => UnitCodes.IsWellFormed(value) ? value : null,
        UnitReference.Person => CoChairs.Parse(value.Trim())?.UnitCode,
        UnitReference.Venue => CoChairs.VenueUnit(value),
        _ => null,
    };

    private static IEnumerable<UnitReferenceValue> Walk(IMessage message, string prefix)
    {
        var plan = PlanOf(message.Descriptor);
        foreach (var (field, kind) in plan.Annotated)
        {
            var path = prefix + field.Name;
            var values = field.IsRepeated ? ((System.Collections.IEnumerable)field.Accessor.GetValue(message)).Cast<string>() : [(string)field.Accessor.GetValue(message)];
            foreach (var value in values)
            {
                if (UnitCodeOf(kind, value) is { } code)
                {
                    yield return new UnitReferenceValue(path, kind, value, code);
                }
            }
        }

        foreach (var field in plan.Nested)
        {
            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            var children = field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<IMessage>() : value is IMessage one ? [one] : [];
            foreach (var child in children)
            {
                foreach (var found in Walk(child, path + "."))
                {
                    yield return found;
                }
            }
        }
    }

    private static Plan PlanOf(MessageDescriptor descriptor) => Plans.GetOrAdd(descriptor, d =>
    {
        var annotated = d.Fields.InFieldNumberOrder().Select(f => (Field: f, Kind: KindOf(f))).Where(f => f.Kind != UnitReference.Unspecified).ToArray();
        var nested = d.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType == FieldType.Message && !f.IsMap && AnnotatedFields(f.MessageType).Count > 0).ToArray();
        return new Plan(annotated, nested, annotated.Where(f => f.Kind == UnitReference.Unit && !f.Field.IsRepeated).Select(f => f.Field).ToArray());
    });

    /// <summary>Per message type: its annotated fields, the message fields that lead to more, and its single unit fields.</summary>
    private sealed record Plan((FieldDescriptor Field, UnitReference Kind)[] Annotated, FieldDescriptor[] Nested, FieldDescriptor[] Units);
}
