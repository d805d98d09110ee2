using DanVan.Hub.Calendar;
using DanVan.Hub.Dialogues;
using DanVan.Hub.Units;
using Domain = DanVan.Scheduler.Dialogues;
using Proto = DanVan.Contracts.V1;
using Map = DanVan.Adapters.Units;

namespace DanVan.Hub.Tests.Rpc;

/// <summary>
/// Every enum crosses the contract through an explicit table: each domain value and each contract
/// value (but UNSPECIFIED) maps to the other and back, so a value added on either side without a row
/// in its table, or a reordered enum, fails here instead of changing what goes on the wire.
/// </summary>
public sealed class EnumMappingTests
{
    [Fact]
    public void Dialogue_kinds_round_trip() => RoundTrips<Domain.DialogueKind, Proto.DialogueKind>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Dialogue_statuses_round_trip() => RoundTrips<Domain.DialogueStatus, Proto.DialogueStatus>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Opinion_statuses_round_trip() => RoundTrips<Domain.OpinionStatus, Proto.OpinionStatus>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Dialogue_forms_round_trip() => RoundTrips<Domain.DialogueForm, Proto.DialogueForm>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Announcement_channels_round_trip() => RoundTrips<Domain.AnnouncementChannel, Proto.AnnouncementChannel>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Results_channels_round_trip() => RoundTrips<Domain.ResultsChannel, Proto.ResultsChannel>(DialogueMapping.ToProto, DialogueMapping.ToDomain);

    [Fact]
    public void Reception_sources_cover_the_contract_one_to_one() => CoversContract<Domain.ReceptionSource, Proto.ReceptionDaysSource>(ReceptionMapping.ToProto);

    [Fact]
    public void Reception_roles_and_weekdays_round_trip()
    {
        foreach (var role in Specified<Proto.ReceptionRole>())
        {
            Assert.Equal(role, ReceptionMapping.ToProto(ReceptionMapping.ToDomain(role)!));
        }

        Assert.Equal(Domain.ReceptionDays.Roles.Order(), Specified<Proto.ReceptionRole>().Select(r => ReceptionMapping.ToDomain(r)!).Order());
        foreach (var day in Specified<Google.Type.DayOfWeek>())
        {
            Assert.Equal(day, ReceptionMapping.ToProto(ReceptionMapping.ToDomain(day)!.Value));
        }

        Assert.Equal(Google.Type.DayOfWeek.Sunday, ReceptionMapping.ToProto(System.DayOfWeek.Sunday));
        Assert.Null(ReceptionMapping.ToDomain(Google.Type.DayOfWeek.Unspecified));
    }

    [Fact]
    public void Admin_levels_round_trip() => RoundTrips<Map.AdminLevel, Proto.AdminLevel>(UnitMapping.ToProto, UnitMapping.ToDomain);

    [Fact]
    public void Agenda_item_kinds_cover_the_contract_one_to_one() => CoversContract<Domain.AgendaItemKind, Proto.AgendaItemKind>(DialogueMapping.ToProto);

    [Fact]
    public void Lineage_kinds_cover_the_contract_one_to_one() => CoversContract<Map.LineageKind, Proto.LineageKind>(UnitMapping.ToProto);

    [Fact]
    public void The_wire_numbers_are_those_of_the_contract_whatever_the_domain_order()
    {
        Assert.Equal(7, (int)DialogueMapping.ToProto(Domain.DialogueStatus.Cancelled));
        Assert.Equal(2, (int)DialogueMapping.ToProto(Domain.DialogueKind.AdHoc));
        Assert.Equal(3, (int)DialogueMapping.ToProto(Domain.OpinionStatus.AnsweredAtMeeting));
    }

    private static void RoundTrips<TDomain, TProto>(Func<TDomain, TProto> toProto, Func<TProto, TDomain?> toDomain)
        where TDomain : struct, Enum where TProto : struct, Enum
    {
        foreach (var value in Enum.GetValues<TDomain>())
        {
            Assert.Equal(value, toDomain(toProto(value)));
        }

        foreach (var value in Specified<TProto>())
        {
            var domain = toDomain(value);
            Assert.True(domain.HasValue, $"{typeof(TProto).Name}.{value} has no domain value");
            Assert.Equal(value, toProto(domain.Value));
        }

        Assert.Null(toDomain(default));
    }

    /// <summary>For an enum the contract only sends: distinct domain values give distinct contract values, and every contract value is given.</summary>
    private static void CoversContract<TDomain, TProto>(Func<TDomain, TProto> toProto) where TDomain : struct, Enum where TProto : struct, Enum
    {
        var sent = Enum.GetValues<TDomain>().Select(toProto).ToList();
        Assert.Equal(sent.Count, sent.Distinct().Count());
        Assert.Equal(Specified<TProto>().Order(), sent.Order());
    }

    private static IEnumerable<TProto> Specified<TProto>() where TProto : struct, Enum =>
        Enum.GetValues<TProto>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0);
}
