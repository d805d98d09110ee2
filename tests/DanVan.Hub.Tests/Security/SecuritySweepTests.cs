using System.Net;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using DanVan.Adapters.Time;
using DanVan.Adapters.Units;
using DanVan.Scheduler.Dialogues;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Security;

/// <summary>The hub with a population of callers for the sweep: a secretary of Ba Đình, and a dialogue and opinion of another ward.</summary>
public sealed class SweepFixture : Xunit.IAsyncLifetime, IHubFixture
{
    public const string OwnUnit = "00004";   // Phường Ba Đình
    public const string OtherUnit = "00070"; // another ward of Hà Nội

    private readonly RealMapHubFixture _hub = new();

    public HubHost Host => _hub.Host;

    // The sweep's tests leave the clock where the fixture set it.
    public int BeginTest() => Host.Logs.Count;
    public string Secretary { get; private set; } = "";
    public string Disabled { get; private set; } = "";
    public string Expired { get; private set; } = "";
    public string ReadOnlyOperator { get; private set; } = "";
    public Dictionary<string, string> WithoutArea { get; } = [];
    public string OtherDialogueId { get; private set; } = "";
    public string OwnDialogueId { get; private set; } = "";
    public string OtherOpinionId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await _hub.InitializeAsync();
        var unitScopes = Scopes.All.Where(Scopes.AllowedWithUnit).ToList();
        Secretary = await Host.CreateClientAsync("secretary-ba-dinh", ClientKind.Secretary, unitScopes, OwnUnit);
        Disabled = await Host.CreateClientAsync("disabled-agency", ClientKind.Agency, Scopes.All.ToList());
        await Host.Services.GetRequiredService<ClientRegistry>().DisableAsync("disabled-agency", CancellationToken.None);
        Expired = await Host.CreateClientAsync("expired-agency", ClientKind.Agency, Scopes.All.ToList(), expiresAt: Host.Clock.GetUtcNow().AddMinutes(-1));
        ReadOnlyOperator = await Host.CreateClientAsync("read-only-operator", ClientKind.Operator, ["jobs:read", "audit:read"]);
        foreach (var area in Scopes.Areas)
        {
            WithoutArea[area] = await Host.CreateClientAsync($"without-{area.Replace('_', '-')}", ClientKind.Agency,
                Scopes.All.Where(s => !s.StartsWith(area + ":", StringComparison.Ordinal)).ToList());
        }

        var dialogues = new DialogueService.DialogueServiceClient(Host.CallInvoker);
        OtherDialogueId = (await dialogues.ScheduleDialogueAsync(Schedule(OtherUnit, await FreeSlotAsync(Host, OtherUnit), venue: "Nhà văn hoá khu 3"))).Dialogue.DialogueId;
        OwnDialogueId = (await dialogues.ScheduleDialogueAsync(Schedule(OwnUnit, await FreeSlotAsync(Host, OwnUnit)))).Dialogue.DialogueId;
        OtherOpinionId = Guid.NewGuid().ToString();
        await using var connection = new NpgsqlConnection(_hub.ConnectionString);
        await connection.ExecuteAsync("""
            insert into opinion (id, dialogue_id, unit_id, topic, content, status)
            select @opinion::uuid, d.id, d.unit_id, 'Chiếu sáng', 'Đèn đường hỏng', 'received' from dialogue d where d.id = @dialogue::uuid
            """, new { opinion = OtherOpinionId, dialogue = OtherDialogueId });
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    /// <summary>Adds an event of a dialogue to the outbox, as a change of it would.</summary>
    public async Task PostEventAsync(string dialogueId)
    {
        await using var connection = new NpgsqlConnection(_hub.ConnectionString);
        await connection.ExecuteAsync("""
            insert into dialogue_event (dialogue_id, unit_path, event_type, status, message)
            select id, unit_path, 'dialogue.probe', status, 'Sự kiện thử' from dialogue where id = @dialogue::uuid
            """, new { dialogue = dialogueId });
    }
}

/// <summary>
/// Every RPC of the contract, found from the service descriptors (so a new method is covered without
/// touching this test), called as each kind of caller that must be turned away.
/// </summary>
public sealed class SecuritySweepTests(SweepFixture fixture) : HubTest<SweepFixture>(fixture)
{
    public static TheoryData<string> Methods() => new(SecurityInterceptor.ContractMethods.Select(m => $"{m.Service.Name}/{m.Name}").Order());

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Each_rpc_turns_away_every_caller_that_does_not_belong(string name)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => $"{m.Service.Name}/{m.Name}" == name);

        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, credential: null));
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, "dv.0123456789abcdef.not-the-secret"));
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, Fixture.Secretary + "x"));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, Fixture.Disabled));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, Fixture.Expired));
        var area = method.Service.Name == "AuditService" ? null : Scopes.AreaOf(method.Service.Name);
        if (area is not null)
        {
            Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, Fixture.WithoutArea[area]));
        }

        // Outside its unit: refused, except reading the map itself (reference data, not a unit's
        // records) and the audit log (which shows a caller only its own calls). Changing the map needs
        // units:write, which a client limited to a unit cannot hold.
        var outside = await CallAsync(method, Fixture.Secretary);
        if (method.Service.Name is "AdminUnitService" && !Scopes.IsRead(method.Name))
        {
            Assert.Equal(StatusCode.PermissionDenied, outside);
        }
        else if (method.Service.Name is "AdminUnitService" or "AuditService")
        {
            Assert.NotEqual(StatusCode.PermissionDenied, outside);
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, outside);
        }

        // The test operator, who may do everything, gets past security to the method itself.
        Assert.DoesNotContain(await CallAsync(method, Fixture.Host.Credential), new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
    }

    /// <summary>Every annotated field of every method a secretary may call, found from the descriptors.</summary>
    public static TheoryData<string, string> UnitBearingFields() => new(
        from m in SecurityInterceptor.ContractMethods
        where m.Service.Name != "AdminUnitService" && Scopes.Required(m) is { } scope && Scopes.AllowedWithUnit(scope)
        from f in UnitReferences.AnnotatedFields(m.InputType)
        orderby m.Name, f.Path
        select ($"{m.Service.Name}/{m.Name}", f.Path));

    [Theory]
    [MemberData(nameof(UnitBearingFields))]
    public async Task Each_unit_bearing_field_alone_naming_another_unit_is_refused(string name, string path)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => $"{m.Service.Name}/{m.Name}" == name);
        var inside = Request(method, _ => SweepFixture.OwnUnit, Fixture.OwnDialogueId, "");
        var oneOutside = Request(method, p => p == path ? SweepFixture.OtherUnit : SweepFixture.OwnUnit, Fixture.OwnDialogueId, "");

        Assert.NotEqual(StatusCode.PermissionDenied, await CallAsync(method, Fixture.Secretary, inside, Fixture.OwnDialogueId));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, Fixture.Secretary, oneOutside, Fixture.OwnDialogueId));
    }

    [Theory]
    [InlineData("00008:people-committee-chair")]   // another ward's chair
    [InlineData("01:people-committee-chair")]      // the province's chair
    [InlineData("  00070:Fatherland-Front-Chair ")] // bookings ignore case and surrounding spaces
    public async Task A_secretary_cannot_book_another_units_people(string coChair)
    {
        var dialogues = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));
        var request = Schedule(SweepFixture.OwnUnit, Timestamp.FromDateTimeOffset(Fixture.Host.Clock.GetUtcNow().AddDays(30)));
        request.CoChairs.Add($"{SweepFixture.OwnUnit}:{CoChairs.PeopleCommitteeChair}");
        request.CoChairs.Add(coChair);

        var refused = await Assert.ThrowsAsync<RpcException>(() => dialogues.ScheduleDialogueAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("co_chairs", refused.Status.Detail);
    }

    [Theory]
    [InlineData("Hội trường UBND phường bên cạnh (00070)")]
    [InlineData(" hội trường ubnd phường bên cạnh (00070)  ")]
    public async Task A_secretary_cannot_book_another_units_venue(string venue)
    {
        var dialogues = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));
        var schedule = Schedule(SweepFixture.OwnUnit, Timestamp.FromDateTimeOffset(Fixture.Host.Clock.GetUtcNow().AddDays(30)), venue: venue);

        var refused = await Assert.ThrowsAsync<RpcException>(() => dialogues.ScheduleDialogueAsync(schedule).ResponseAsync);
        var moved = await Assert.ThrowsAsync<RpcException>(() => dialogues.RescheduleDialogueAsync(new RescheduleDialogueRequest
        {
            DialogueId = Fixture.OwnDialogueId, StartTime = schedule.StartTime, Venue = venue, Reason = "Đổi địa điểm",
        }).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (refused.StatusCode, moved.StatusCode));
        Assert.Contains("venue", refused.Status.Detail);
    }

    [Fact]
    public async Task A_secretary_works_inside_their_unit()
    {
        var dialogues = new DialogueService.DialogueServiceClient(Fixture.Host.CallInvokerFor(Fixture.Secretary));

        var own = await dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = SweepFixture.OwnUnit });
        var one = await dialogues.GetDialogueAsync(new GetDialogueRequest { DialogueId = Fixture.OwnDialogueId });
        var summary = await dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = SweepFixture.OwnUnit });

        Assert.Equal([Fixture.OwnDialogueId], own.Dialogues.Select(d => d.DialogueId));
        Assert.Equal(SweepFixture.OwnUnit, one.Dialogue.Unit.Code);
        Assert.Equal("Phường Ba Đình", summary.Unit.Name);
    }

    [Fact]
    public async Task A_client_limited_to_a_province_is_refused_the_whole_country_is_audited_and_still_gets_its_own_province()
    {
        var credential = await Fixture.Host.CreateClientAsync("secretary-ha-noi", ClientKind.Secretary, Scopes.All.Where(Scopes.AllowedWithUnit).ToList(), "01");
        var invoker = Fixture.Host.CallInvokerFor(credential);
        var dialogues = new DialogueService.DialogueServiceClient(invoker);
        var procedures = new ProcedureStatsService.ProcedureStatsServiceClient(invoker);
        var ids = new IdIssuanceService.IdIssuanceServiceClient(invoker);
        var (from, to) = (new Google.Type.Date { Year = 2025, Month = 11 }, new Google.Type.Date { Year = 2025, Month = 12 });

        var refusals = new[]
        {
            await Refused(StatusCode.PermissionDenied, () => dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest()).ResponseAsync),
            await Refused(StatusCode.PermissionDenied, () => procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest { FromMonth = from, ToMonth = to }).ResponseAsync),
            await Refused(StatusCode.PermissionDenied, () => ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest()).ResponseAsync),
        };

        Assert.All(refusals, r => Assert.Equal("OUTSIDE_UNIT", Reason(r)));
        Assert.All(refusals, r => Assert.Contains("the whole country", r.Status.Detail));
        Assert.Equal("Thành phố Hà Nội", (await dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = "01" })).Unit.Name);
        Assert.NotEmpty((await procedures.ListProcedureStatsAsync(new ListProcedureStatsRequest { ParentCode = "01", FromMonth = from, ToMonth = to })).Stats);
        Assert.NotEmpty((await ids.ListIdIssuanceProgressAsync(new ListIdIssuanceProgressRequest { ParentCode = "01" })).Progress);
        // The operator, of no unit, gets the country.
        Assert.Equal(34, (await new ProcedureStatsService.ProcedureStatsServiceClient(Fixture.Host.CallInvoker)
            .ListProcedureStatsAsync(new ListProcedureStatsRequest { FromMonth = from, ToMonth = to, PageSize = 100 })).Stats.Count);

        var audit = new AuditService.AuditServiceClient(invoker);
        ListAuditRecordsResponse own = new();
        await Timeouts.Eventually(async () => (own = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest())).Records.Count(r => r.Status == "PermissionDenied") == 3,
            Timeouts.Call, "the batched audit writer to store the refused calls");
        Assert.Equal(
            ["/danvan.v1.DialogueService/SummarizeDialogues", "/danvan.v1.IdIssuanceService/ListIdIssuanceProgress", "/danvan.v1.ProcedureStatsService/ListProcedureStats"],
            own.Records.Where(r => r.Status == "PermissionDenied").Select(r => r.Method).Order(StringComparer.Ordinal));
        Assert.All(own.Records.Where(r => r.Status == "PermissionDenied"), r => Assert.Empty(r.UnitCodes));
    }

    /// <summary>Each method that takes an empty unit field for the whole country, as the security rules list them.</summary>
    public static TheoryData<string> WholeCountryMethods() => new(WholeCountry.Methods.Keys.Select(m => $"{m.Service.Name}/{m.Name}").Order());

    [Theory]
    [MemberData(nameof(WholeCountryMethods))]
    public async Task Each_method_of_the_whole_country_refuses_a_unit_client_an_empty_unit_and_answers_the_operator(string name)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => $"{m.Service.Name}/{m.Name}" == name);
        var country = Request(method, _ => "", "", "");
        var field = WholeCountry.Methods[method];
        // The ranges a method needs, so that the operator's call gets through validation.
        method.InputType.FindFieldByName("from_month")?.Accessor.SetValue(country, new Google.Type.Date { Year = 2025, Month = 11 });
        method.InputType.FindFieldByName("to_month")?.Accessor.SetValue(country, new Google.Type.Date { Year = 2025, Month = 12 });

        Assert.Equal(UnitReference.Unit, UnitReferences.KindOf(field));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, Fixture.Secretary, country, Fixture.OwnDialogueId));
        Assert.Equal(StatusCode.OK, await CallAsync(method, Fixture.Host.Credential, country, Fixture.OwnDialogueId));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/hangfire")]
    [InlineData("/calendars/00070.ics")]
    public async Task Each_web_route_turns_away_every_caller_that_does_not_belong(string path)
    {
        async Task<HttpStatusCode> Get(string? credential)
        {
            using var client = Fixture.Host.WebClientFor(credential);
            using var response = await client.GetAsync(path);
            return response.StatusCode;
        }

        Assert.Contains(await Get(null), new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("dv.0123456789abcdef.not-the-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Fixture.Disabled));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(Fixture.Expired));
        if (path != "/")
        {
            var area = path.StartsWith("/hangfire", StringComparison.Ordinal) ? "jobs" : "dialogues";
            Assert.Equal(HttpStatusCode.Forbidden, await Get(Fixture.WithoutArea[area]));
        }

        if (path.StartsWith("/calendars", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Forbidden, await Get(Fixture.Secretary));
            Assert.Equal(HttpStatusCode.OK, await Get(Fixture.Host.Credential));
        }
    }

    [Fact]
    public async Task The_dashboard_needs_an_operator_login_works_from_another_host_and_a_read_only_operator_cannot_act()
    {
        // A post without the form's token is refused, and the refusal noted.
        Expect(e => e.Category == "Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery");
        using var anonymous = Fixture.Host.WebClientFor(null);
        using var redirect = await anonymous.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/login", redirect.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(anonymous, Fixture.WithoutArea["jobs"]));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(anonymous, Fixture.Disabled));

        using var readOnly = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(readOnly, Fixture.ReadOnlyOperator));
        var page = await GetFromAnotherHostAsync(readOnly, "/hangfire/recurring");
        Assert.Contains("plan-periodic-dialogues", page);
        Assert.DoesNotContain("data-url=\"/hangfire/recurring/trigger\"", page);
        using var trigger = await readOnly.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "plan-periodic-dialogues")]));
        Assert.False(trigger.IsSuccessStatusCode, $"a read-only operator triggered a job ({(int)trigger.StatusCode})");

        using var operatorClient = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(operatorClient, Fixture.Host.Credential));
        Assert.Contains("data-url=\"/hangfire/recurring/trigger\"", await GetFromAnotherHostAsync(operatorClient, "/hangfire/recurring"));

        // A session ends on the next request once its operator is disabled.
        var credential = await Fixture.Host.CreateClientAsync("session-operator", ClientKind.Operator, ["jobs:read"]);
        using var session = Fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(session, credential));
        await GetFromAnotherHostAsync(session, "/hangfire");
        await Fixture.Host.Services.GetRequiredService<ClientRegistry>().DisableAsync("session-operator", CancellationToken.None);
        using var after = await session.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient client, string credential)
    {
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("credential", credential), new("returnUrl", "/hangfire")]));
        return response.StatusCode;
    }

    private async Task<string> GetFromAnotherHostAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = $"danvan.example.vn:{Fixture.Host.WebAddress.Port}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Calls the method with a request naming the other ward (in every annotated field), its dialogue and its opinion; returns the status.</summary>
    private Task<StatusCode> CallAsync(MethodDescriptor method, string? credential) =>
        CallAsync(method, credential, Request(method, _ => SweepFixture.OtherUnit, Fixture.OtherDialogueId, Fixture.OtherOpinionId), Fixture.OtherDialogueId);

    /// <summary>
    /// A request of the method with every annotated field, nested and repeated ones included, naming the
    /// unit <paramref name="unitFor"/> gives for its path (a unit code, a person or a venue of that unit),
    /// and the given dialogue and opinion ids. A dry run where the method has one, so nothing is written.
    /// </summary>
    public static IMessage Request(MethodDescriptor method, Func<string, string> unitFor, string dialogueId, string opinionId)
    {
        var request = Fill(method.InputType, "");
        method.InputType.FindFieldByName("dialogue_id")?.Accessor.SetValue(request, dialogueId);
        method.InputType.FindFieldByName("opinion_id")?.Accessor.SetValue(request, opinionId);
        method.InputType.FindFieldByName("dry_run")?.Accessor.SetValue(request, true);
        return request;

        IMessage Fill(MessageDescriptor type, string prefix)
        {
            var message = (IMessage)Activator.CreateInstance(type.ClrType)!;
            foreach (var field in type.Fields.InFieldNumberOrder())
            {
                var path = prefix + field.Name;
                object? value = UnitReferences.KindOf(field) switch
                {
                    UnitReference.Unit => unitFor(path),
                    UnitReference.Person => $"{unitFor(path)}:{CoChairs.PeopleCommitteeChair}",
                    UnitReference.Venue => $"Hội trường UBND ({unitFor(path)})",
                    _ => field.FieldType == FieldType.Message && !field.IsMap && UnitReferences.AnnotatedFields(field.MessageType).Count > 0
                        ? Fill(field.MessageType, path + ".")
                        : null,
                };
                if (value is null)
                {
                    continue;
                }

                if (field.IsRepeated)
                {
                    ((System.Collections.IList)field.Accessor.GetValue(message)).Add(value);
                }
                else
                {
                    field.Accessor.SetValue(message, value);
                }
            }

            return message;
        }
    }

    private async Task<StatusCode> CallAsync(MethodDescriptor method, string? credential, IMessage request, string eventOf)
    {
        var marshaller = new Marshaller<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        var output = new Marshaller<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var rpc = new Method<IMessage, IMessage>(type, method.Service.FullName, method.Name, marshaller, output);
        var invoker = Fixture.Host.CallInvokerFor(credential);
        using var cancel = new CancellationTokenSource(Timeouts.Call);
        var options = new CallOptions(cancellationToken: cancel.Token);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(rpc, null, options, request);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(rpc, null, options, request))
                    {
                        // A watch that was let in waits for events: one is posted (of the dialogue the request
                        // is about) once the call is under way, which it receives; a refused watch ends with its status instead.
                        await call.ResponseHeadersAsync;
                        await Fixture.PostEventAsync(eventOf);
                        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
                    }

                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(rpc, null, options))
                    {
                        try
                        {
                            await call.RequestStream.WriteAsync(request);
                            await call.RequestStream.CompleteAsync();
                        }
                        catch (RpcException)
                        {
                            // The server may have answered before reading.
                        }

                        await call.ResponseAsync;
                    }

                    break;
            }

            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
