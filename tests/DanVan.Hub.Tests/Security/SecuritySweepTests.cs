using System.Net;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using DanVan.Scheduler.Calendar;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Security;

/// <summary>The hub with a population of callers for the sweep: a secretary of Ba Đình, and a dialogue and opinion of another ward.</summary>
public sealed class SweepFixture : Xunit.IAsyncLifetime
{
    public const string OwnUnit = "00004";   // Phường Ba Đình
    public const string OtherUnit = "00070"; // another ward of Hà Nội

    private readonly RealMapHubFixture _hub = new();

    public HubHost Host => _hub.Host;
    public string Secretary { get; private set; } = "";
    public string Disabled { get; private set; } = "";
    public string Expired { get; private set; } = "";
    public string ReadOnlyOperator { get; private set; } = "";
    public Dictionary<string, string> WithoutArea { get; } = [];
    public string OtherDialogueId { get; private set; } = "";
    public string OtherOpinionId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        var unitScopes = Scopes.All.Where(Scopes.AllowedWithUnit).ToList();
        Secretary = await Host.CreateClientAsync("secretary-ba-dinh", ClientKind.Secretary, unitScopes, OwnUnit);
        Disabled = await Host.CreateClientAsync("disabled-agency", ClientKind.Agency, Scopes.All.ToList());
        await Host.Services.GetRequiredService<ClientRegistry>().DisableAsync("disabled-agency", CancellationToken.None);
        Expired = await Host.CreateClientAsync("expired-agency", ClientKind.Agency, Scopes.All.ToList(), expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        ReadOnlyOperator = await Host.CreateClientAsync("read-only-operator", ClientKind.Operator, ["jobs:read", "audit:read"]);
        foreach (var area in Scopes.Areas)
        {
            WithoutArea[area] = await Host.CreateClientAsync($"without-{area.Replace('_', '-')}", ClientKind.Agency,
                Scopes.All.Where(s => !s.StartsWith(area + ":", StringComparison.Ordinal)).ToList());
        }

        var dialogues = new DialogueService.DialogueServiceClient(Host.CallInvoker);
        var start = DateTimeOffset.UtcNow.AddDays(30);
        var calendar = Host.Services.GetRequiredService<WorkingCalendar>();
        while (start.ToOffset(TimeSpan.FromHours(7)).DayOfWeek is DayOfWeek.Thursday
               || !calendar.IsWorkingDay(DateOnly.FromDateTime(start.ToOffset(TimeSpan.FromHours(7)).DateTime)))
        {
            start = start.AddDays(1);
        }

        var local = start.ToOffset(TimeSpan.FromHours(7));
        var dialogue = (await dialogues.ScheduleDialogueAsync(Schedule(OtherUnit, At(local.Year, local.Month, local.Day, 8),
            venue: "Nhà văn hoá khu 3"), new CallOptions().WithDeadline(DateTime.UtcNow.Add(Timeouts.Call)))).Dialogue;
        OtherDialogueId = dialogue.DialogueId;
        OtherOpinionId = Guid.NewGuid().ToString();
        await using var connection = new NpgsqlConnection(_hub.ConnectionString);
        await connection.ExecuteAsync("""
            insert into opinion (id, dialogue_id, unit_id, topic, content, status)
            select @opinion::uuid, d.id, d.unit_id, 'Chiếu sáng', 'Đèn đường hỏng', 'received' from dialogue d where d.id = @dialogue::uuid
            """, new { opinion = OtherOpinionId, dialogue = OtherDialogueId });
    }

    public Task DisposeAsync() => _hub.DisposeAsync();
}

/// <summary>
/// Every RPC of the contract, found from the service descriptors (so a new method is covered without
/// touching this test), called as each kind of caller that must be turned away.
/// </summary>
public sealed class SecuritySweepTests(SweepFixture fixture) : IClassFixture<SweepFixture>, IDisposable
{
    private readonly int _logMark = fixture.Host.Logs.Count;

    public void Dispose() => fixture.Host.Logs.AssertNoErrors(_logMark);

    public static TheoryData<string> Methods() => new(SecurityInterceptor.ContractMethods.Select(m => $"{m.Service.Name}/{m.Name}").Order());

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Each_rpc_turns_away_every_caller_that_does_not_belong(string name)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => $"{m.Service.Name}/{m.Name}" == name);

        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, credential: null));
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, "dv.0123456789abcdef.not-the-secret"));
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(method, fixture.Secretary + "x"));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, fixture.Disabled));
        Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, fixture.Expired));
        var area = method.Service.Name == "AuditService" ? null : Scopes.AreaOf(method.Service.Name);
        if (area is not null)
        {
            Assert.Equal(StatusCode.PermissionDenied, await CallAsync(method, fixture.WithoutArea[area]));
        }

        // Outside its unit: refused, except the map itself (reference data, not a unit's records) and
        // the audit log (which shows a caller only its own calls).
        var outside = await CallAsync(method, fixture.Secretary);
        if (method.Service.Name is "AdminUnitService" or "AuditService")
        {
            Assert.NotEqual(StatusCode.PermissionDenied, outside);
        }
        else
        {
            Assert.Equal(StatusCode.PermissionDenied, outside);
        }

        // The test operator, who may do everything, gets past security to the method itself.
        Assert.DoesNotContain(await CallAsync(method, fixture.Host.Credential), new[] { StatusCode.Unauthenticated, StatusCode.PermissionDenied });
    }

    [Fact]
    public async Task A_secretary_works_inside_their_unit()
    {
        var dialogues = new DialogueService.DialogueServiceClient(fixture.Host.CallInvokerFor(fixture.Secretary));

        var own = await dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = SweepFixture.OwnUnit });
        var summary = await dialogues.SummarizeDialoguesAsync(new SummarizeDialoguesRequest { UnitCode = SweepFixture.OwnUnit });

        Assert.Empty(own.Dialogues);
        Assert.Equal("Phường Ba Đình", summary.Unit.Name);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/hangfire")]
    [InlineData("/calendars/00070.ics")]
    public async Task Each_web_route_turns_away_every_caller_that_does_not_belong(string path)
    {
        async Task<HttpStatusCode> Get(string? credential)
        {
            using var client = fixture.Host.WebClientFor(credential);
            using var response = await client.GetAsync(path);
            return response.StatusCode;
        }

        Assert.Contains(await Get(null), new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized });
        Assert.Equal(HttpStatusCode.Unauthorized, await Get("dv.0123456789abcdef.not-the-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(fixture.Disabled));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(fixture.Expired));
        if (path != "/")
        {
            var area = path.StartsWith("/hangfire", StringComparison.Ordinal) ? "jobs" : "dialogues";
            Assert.Equal(HttpStatusCode.Forbidden, await Get(fixture.WithoutArea[area]));
        }

        if (path.StartsWith("/calendars", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.Forbidden, await Get(fixture.Secretary));
            Assert.Equal(HttpStatusCode.OK, await Get(fixture.Host.Credential));
        }
    }

    [Fact]
    public async Task The_dashboard_needs_an_operator_login_works_from_another_host_and_a_read_only_operator_cannot_act()
    {
        using var anonymous = fixture.Host.WebClientFor(null);
        using var redirect = await anonymous.GetAsync("/hangfire/recurring");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/login", redirect.Headers.Location!.PathAndQuery);

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(anonymous, fixture.WithoutArea["jobs"]));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(anonymous, fixture.Disabled));

        using var readOnly = fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(readOnly, fixture.ReadOnlyOperator));
        var page = await GetFromAnotherHostAsync(readOnly, "/hangfire/recurring");
        Assert.Contains("plan-periodic-dialogues", page);
        Assert.DoesNotContain("data-url=\"/hangfire/recurring/trigger\"", page);
        using var trigger = await readOnly.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "plan-periodic-dialogues")]));
        Assert.False(trigger.IsSuccessStatusCode, $"a read-only operator triggered a job ({(int)trigger.StatusCode})");

        using var operatorClient = fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(operatorClient, fixture.Host.Credential));
        Assert.Contains("data-url=\"/hangfire/recurring/trigger\"", await GetFromAnotherHostAsync(operatorClient, "/hangfire/recurring"));

        // A session ends on the next request once its operator is disabled.
        var credential = await fixture.Host.CreateClientAsync("session-operator", ClientKind.Operator, ["jobs:read"]);
        using var session = fixture.Host.WebClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, await LoginAsync(session, credential));
        await GetFromAnotherHostAsync(session, "/hangfire");
        await fixture.Host.Services.GetRequiredService<ClientRegistry>().DisableAsync("session-operator", CancellationToken.None);
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
        request.Headers.Host = $"danvan.example.vn:{fixture.Host.WebAddress.Port}";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Calls the method with a request naming the other ward, its dialogue and its opinion; returns the status.</summary>
    private async Task<StatusCode> CallAsync(MethodDescriptor method, string? credential)
    {
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        foreach (var (field, value) in new[]
                 {
                     ("unit_code", SweepFixture.OtherUnit), ("parent_code", SweepFixture.OtherUnit), ("code", SweepFixture.OtherUnit),
                     ("dialogue_id", fixture.OtherDialogueId), ("opinion_id", fixture.OtherOpinionId),
                 })
        {
            method.InputType.FindFieldByName(field)?.Accessor.SetValue(request, value);
        }

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
        var invoker = fixture.Host.CallInvokerFor(credential);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
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
                        // A watch that was let in waits for events: being let in is what is tested.
                        await call.ResponseHeadersAsync;
                        if (await Task.WhenAny(call.ResponseStream.MoveNext(cancel.Token), Task.Delay(300)) is Task<bool> moved)
                        {
                            await moved;
                        }
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
