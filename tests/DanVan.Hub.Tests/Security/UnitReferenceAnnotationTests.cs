using System.Text.RegularExpressions;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using Google.Protobuf.Reflection;

namespace DanVan.Hub.Tests.Security;

/// <summary>
/// The fields that name a unit, a person of a unit or a venue are found from their annotation, so the
/// annotation must not be forgotten: every field a request can carry is annotated exactly when its name
/// says it names one, and with the kind its name says.
/// </summary>
public sealed class UnitReferenceAnnotationTests
{
    /// <summary>What a field's name says it holds: unit codes, co-chairs ("&lt;unit code&gt;:&lt;role&gt;") and venues.</summary>
    private static UnitReference KindByName(string name) => name switch
    {
        _ when Regex.IsMatch(name, "^(code|unit_code|parent_code|.+_unit_code|unit_codes|.+_unit_codes)$") => UnitReference.Unit,
        _ when Regex.IsMatch(name, "(^|_)co_chairs?$|(^|_)chairs?$") => UnitReference.Person,
        _ when Regex.IsMatch(name, "(^|_)venues?$") => UnitReference.Venue,
        _ => UnitReference.Unspecified,
    };

    /// <summary>Every message a request of the contract can carry, nested and repeated ones included.</summary>
    private static HashSet<MessageDescriptor> RequestMessages()
    {
        var seen = new HashSet<MessageDescriptor>();
        var pending = new Stack<MessageDescriptor>(SecurityInterceptor.ContractMethods.Select(m => m.InputType));
        while (pending.TryPop(out var message))
        {
            if (seen.Add(message))
            {
                foreach (var field in message.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message))
                {
                    pending.Push(field.MessageType);
                }
            }
        }

        return seen;
    }

    [Fact]
    public void Every_request_field_is_annotated_exactly_when_its_name_says_it_names_a_unit()
    {
        var fields = RequestMessages().SelectMany(m => m.Fields.InFieldNumberOrder()).ToList();

        var wrong = fields
            .Where(f => UnitReferences.KindOf(f) != KindByName(f.Name))
            .Select(f => $"{f.FullName}: annotated {UnitReferences.KindOf(f)}, its name says {KindByName(f.Name)}")
            .ToList();
        var notText = fields.Where(f => UnitReferences.KindOf(f) != UnitReference.Unspecified && f.FieldType != FieldType.String).Select(f => f.FullName);

        Assert.Empty(wrong);
        Assert.Empty(notText);
        Assert.Equal(34, fields.Count(f => UnitReferences.KindOf(f) != UnitReference.Unspecified));
    }

    [Fact]
    public void The_fields_are_found_in_nested_and_repeated_messages()
    {
        var found = UnitReferences.AnnotatedFields(SubmitIdIssuanceReportsRequest.Descriptor).Select(f => f.Path);

        Assert.Equal(["reports.unit_code"], found);
    }

    [Fact]
    public void A_request_names_the_units_of_its_codes_people_and_venues_wherever_they_are()
    {
        var batch = new SubmitIdIssuanceReportsRequest { Reports = { new IdIssuanceReport { UnitCode = "00004" }, new IdIssuanceReport { UnitCode = "00070" } } };
        var schedule = new ScheduleDialogueRequest
        {
            UnitCode = "00004",
            Venue = " Hội trường UBND tỉnh (01) ",
            CoChairs = { "00004:people-committee-chair", " 00008:people-committee-chair", "Ông Nguyễn Văn A", "7:chair" },
        };

        Assert.Equal([("reports.unit_code", "00004"), ("reports.unit_code", "00070")], UnitReferences.In(batch).Select(r => (r.Path, r.UnitCode)));
        Assert.Equal([("unit_code", "00004"), ("venue", "01"), ("co_chairs", "00004"), ("co_chairs", "00008")],
            UnitReferences.In(schedule).Select(r => (r.Path, r.UnitCode)));
        Assert.Equal(["00004"], UnitReferences.TopLevelUnitCodes(schedule));
    }

    [Theory]
    [InlineData("Hội trường UBND Phường Ba Đình (00004)", "00004")]
    [InlineData("  nhà văn hoá (01)  ", "01")]
    [InlineData("Nhà văn hoá khu 3", null)]
    [InlineData("Số 12 (tầng 2)", null)]
    [InlineData("(0004)", null)]
    public void A_venue_names_the_unit_whose_code_ends_it(string venue, string? unit) =>
        Assert.Equal(unit, UnitReferences.UnitCodeOf(UnitReference.Venue, venue));
}
