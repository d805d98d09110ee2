using DanVan.Hub.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DanVan.Hub.Tests.Hosting;

/// <summary>A bad setting stops the hub as it starts, naming its configuration key, instead of failing a call later.</summary>
public sealed class SettingsTests
{
    // Nothing is reached: the settings are refused before any service starts.
    private const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Timeout=1";

    [Theory]
    [InlineData("--DanVan:Dialogues:NoticeDays=-3", "DanVan:Dialogues:NoticeDays")]
    [InlineData("--DanVan:Dialogues:Triggers:OnTimeRate:Threshold=95", "DanVan:Dialogues:Triggers:OnTimeRate:Threshold")]
    [InlineData("--DanVan:WorkingHours:MorningEnd=07:00", "DanVan:WorkingHours:MorningEnd")]
    [InlineData("--DanVan:Security:Burst=0", "DanVan:Security:Burst")]
    [InlineData("--DanVan:Security:Login:MaxLockout=00:00:01", "DanVan:Security:Login:MaxLockout")]
    [InlineData("--DanVan:Streams:IdleTimeout=00:00:00", "DanVan:Streams:IdleTimeout")]
    [InlineData("--DanVan:Ingest:MaxConcurrentWrites=0", "DanVan:Ingest:MaxConcurrentWrites")]
    [InlineData("--DanVan:Indicators:SourcePriority:0= ", "DanVan:Indicators:SourcePriority")]
    [InlineData("--DanVan:Holidays:NationalDayAdjacent=2", "DanVan:Holidays:NationalDayAdjacent")]
    public async Task An_invalid_value_stops_the_start_with_its_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubHost.StartAsync(Unreachable, setting));

        Assert.Contains(key + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_source_with_a_bad_name_stops_the_start_with_its_key()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubHost.StartAsync(Unreachable,
            "--DanVan:Pull:Sources:0:Name=Bad Name", "--DanVan:Pull:Sources:0:Location=/srv/drop",
            "--DanVan:Pull:Sources:0:Format=portal-xml", "--DanVan:Pull:Sources:0:Cron=0 6 * * *"));

        Assert.Contains("DanVan:Pull:Sources:0:Name:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_list_replaces_its_default_instead_of_growing_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DanVan:Indicators:SourcePriority:0"] = "portal",
            ["DanVan:Dialogues:ReceptionDays:0:Role"] = "people-committee-chair",
            ["DanVan:Dialogues:ReceptionDays:0:Level"] = "Commune",
            ["DanVan:Dialogues:ReceptionDays:0:Weekday"] = "Monday",
            ["DanVan:Dialogues:PeriodicPerYear:Commune"] = "2",
        }).Build();

        Assert.Equal(["portal"], Settings.Read<DanVan.Adapters.Indicators.IndicatorOptions>(configuration, "DanVan:Indicators").SourcePriority);
        var dialogues = Settings.Read<DanVan.Scheduler.Dialogues.DialogueOptions>(configuration, "DanVan:Dialogues");
        Assert.Equal(DayOfWeek.Monday, Assert.Single(dialogues.ReceptionDays).Weekday);
        Assert.Equal(2, dialogues.PeriodicPerYear[DanVan.Adapters.Units.AdminLevel.Commune]);
        Assert.Equal(1, dialogues.PeriodicPerYear[DanVan.Adapters.Units.AdminLevel.Province]);
    }

    [Fact]
    public void The_default_settings_are_valid()
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal(7, Settings.Read<DanVan.Scheduler.Dialogues.DialogueOptions>(configuration, "DanVan:Dialogues").NoticeDays);
        Assert.Equal(5151, new Uri(Settings.Read<HubOptions>(configuration, HubOptions.Section).GrpcUrl).Port);
    }

    [Fact]
    public async Task A_configured_reception_day_is_checked_where_it_stands()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubHost.StartAsync(Unreachable,
            "--DanVan:Dialogues:ReceptionDays:0:Role=people-committee-chair", "--DanVan:Dialogues:ReceptionDays:0:Weekday=Monday",
            "--DanVan:Dialogues:ReceptionDays:0:DayOfMonth=5"));

        Assert.Contains("DanVan:Dialogues:ReceptionDays:0:Weekday:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ReceptionDays:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_stops_the_start_with_its_key()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HubHost.StartAsync(Unreachable, "--DanVan:Dialogues:NoticeDays=seven"));

        Assert.Contains("DanVan:Dialogues:NoticeDays", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--DanVan:GrpcUrl=127.0.0.1:5151", "DanVan:GrpcUrl")]
    [InlineData("--DanVan:JobWorkers=-1", "DanVan:JobWorkers")]
    public async Task A_bad_listener_or_job_server_setting_stops_the_build_with_its_key(string setting, string key)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => HubHost.StartAsync(Unreachable, setting));

        Assert.Contains(key + ":", error.Message, StringComparison.Ordinal);
    }
}
