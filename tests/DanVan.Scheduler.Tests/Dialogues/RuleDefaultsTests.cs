using System.ComponentModel.DataAnnotations;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using DanVan.Scheduler.Dialogues.Triggers;

namespace DanVan.Scheduler.Tests.Dialogues;

/// <summary>The defaults the texts set (README, "Dialogue rules"): each would fail here if it were changed.</summary>
public sealed class RuleDefaultsTests
{
    private static readonly DialogueOptions Options = new();

    [Fact]
    public void A_commune_dialogue_is_co_chaired_by_the_three_with_the_Standing_Committee_and_the_Party_committee_invited()
    {
        Assert.Equal(["00004:people-committee-chair", "00004:fatherland-front-chair", "00004:people-council-standing"], Options.CoChairsFor("00004"));
        Assert.Equal(["00004:party-committee"], Options.InviteesFor("00004"));
    }

    [Fact]
    public void A_province_dialogue_is_chaired_by_the_Party_secretary()
    {
        Assert.Equal(["01:party-secretary"], Options.CoChairsFor("01"));
        Assert.Empty(Options.InviteesFor("01"));
    }

    [Fact]
    public void A_tenth_of_the_voters_makes_a_dialogue_mandatory_to_be_held_within_30_days()
    {
        var triggers = new TriggerOptions();
        Assert.Equal((0.10, 30), (triggers.MandatoryVoterShare, triggers.MandatoryHeldWithinDays));
        Assert.Equal(0.10, triggers.Petitions.Threshold);
    }

    [Fact]
    public void Results_are_due_10_days_after_and_minutes_3_days_after_by_the_projects_practice() =>
        Assert.Equal((10, 3, 7), (Options.ResultsDueDays, Options.MinutesDueDays, Options.NoticeDays));

    [Theory]
    [InlineData("people-committee-chair", AdminLevel.Commune, 1, null)]
    [InlineData("people-committee-chair", AdminLevel.Province, null, 1)]
    [InlineData("party-secretary", AdminLevel.Commune, null, 2)]
    [InlineData("party-secretary", AdminLevel.Province, null, 1)]
    public void Reception_days_have_the_minimums_of_the_law_and_Conclusion_215(string role, AdminLevel level, int? perWeek, int? perMonth)
    {
        var minimum = Assert.Single(Options.ReceptionMinimums, m => m.Role == role && m.Level == level);
        Assert.Equal((perWeek, perMonth), (minimum.PerWeek, minimum.PerMonth));
    }

    [Fact]
    public void The_default_reception_days_meet_the_minimums_and_one_day_a_month_for_a_commune_Party_secretary_does_not()
    {
        var days = new ReceptionDays(Options);
        Assert.Null(days.Shortfall(AdminLevel.Commune, days.For("00004", "01", CoChairs.PartySecretary).Days));
        Assert.Null(days.Shortfall(AdminLevel.Commune, days.For("00004", "01", CoChairs.PeopleCommitteeChair).Days));
        Assert.Null(days.Shortfall(AdminLevel.Province, days.For("01", null, CoChairs.PartySecretary).Days));
        Assert.Null(days.Shortfall(AdminLevel.Province, days.For("01", null, CoChairs.PeopleCommitteeChair).Days));
        Assert.NotNull(days.Shortfall(AdminLevel.Commune, new ReceptionSchedule(CoChairs.PartySecretary, [], [9])));
        // The 31st is not in every month: it does not count towards a monthly minimum.
        Assert.NotNull(days.Shortfall(AdminLevel.Commune, new ReceptionSchedule(CoChairs.PartySecretary, [], [9, 31])));
        Assert.NotNull(days.Shortfall(AdminLevel.Commune, new ReceptionSchedule(CoChairs.PeopleCommitteeChair, [], [1, 8, 15, 22])));
        Assert.Null(days.Shortfall(AdminLevel.Commune, new ReceptionSchedule(CoChairs.PartySecretary, [DayOfWeek.Friday], [])));

        var configured = new DialogueOptions
        {
            ReceptionDays = [new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, DayOfMonth = 9 }],
        };
        Assert.Contains(configured.Validate(new ValidationContext(configured)), r => r.MemberNames.Contains(nameof(DialogueOptions.ReceptionDays)));
        Assert.Empty(Options.Validate(new ValidationContext(Options)));
    }

    [Fact]
    public void A_units_own_reception_days_come_before_its_provinces_which_come_before_the_levels()
    {
        var options = new DialogueOptions();
        options.ReceptionDays.Add(new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, UnitCode = "01", DayOfMonth = 3 });
        options.ReceptionDays.Add(new() { Role = CoChairs.PartySecretary, Level = AdminLevel.Commune, UnitCode = "01", DayOfMonth = 17 });
        var days = new ReceptionDays(options);
        days.Replace([new ReceptionSetting("00070", false, new ReceptionSchedule(CoChairs.PartySecretary, [], [5, 19]), "operator", DateTimeOffset.UnixEpoch)]);

        var own = days.For("00070", "01", CoChairs.PartySecretary);
        Assert.Equal([5, 19], own.Days.DaysOfMonth);
        Assert.Equal(ReceptionSource.Unit, own.Source);
        Assert.Equal([3, 17], days.For("00004", "01", CoChairs.PartySecretary).Days.DaysOfMonth);
        Assert.Equal([9, 24], days.For("26734", "79", CoChairs.PartySecretary).Days.DaysOfMonth);
        Assert.Equal([25], days.For("01", null, CoChairs.PartySecretary).Days.DaysOfMonth);
    }
}
