using System.Collections;
using System.Text.RegularExpressions;
using Dapper;
using DanVan.Adapters.Privacy;
using DanVan.Contracts.V1;
using DanVan.Hub.Security;
using DanVan.Scheduler.Dialogues.Triggers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;
using static DanVan.Hub.Tests.Ingest.SourceFiles;

namespace DanVan.Hub.Tests.Security;

/// <summary>
/// Every caller-supplied string field of every request of the contract, found from the descriptors
/// (a new field is filled without touching this test), carries an ID number and phone numbers in
/// every written form through real calls that succeed, so the text is stored; and every call carries
/// them in its <c>x-request-id</c>. None of the numbers may then be found in a table (the audit and
/// Hangfire's jobs included), a log line, a <c>WatchDialogues</c> event, a returned request id or the
/// unit's iCalendar feed.
/// </summary>
public sealed partial class FreeTextSweepTests(DialogueHubFixture fixture) : HubTest<DialogueHubFixture>(fixture)
{
    private const string IdNumber = "079203001234";
    private static readonly string[] PhoneForms = ["0987654321", "0987 654 321", "+84987654321", "+84 987 654 321"];

    // What is searched for: the ID number, and the phone number in every form ("987654321" is in the
    // 0… and +84… forms, "987 654 321" in the spaced ones).
    private static readonly string[] Traces = [IdNumber, "987654321", "987 654 321"];

    /// <summary>
    /// Strings that are not free text: the hub checks each against a shape no ID or phone number fits
    /// (or a fixed list) and refuses it otherwise, which the second test shows, so they never reach storage.
    /// </summary>
    private static readonly Dictionary<string, string> NotFreeText = new()
    {
        ["code"] = "a unit code: 2, 3 or 5 digits",
        ["unit_code"] = "a unit code",
        ["parent_code"] = "a unit code",
        ["dialogue_id"] = "an id the hub issued (a UUID)",
        ["opinion_id"] = "an id the hub issued (a UUID)",
        ["page_token"] = "a token the hub issued",
        ["format"] = "the name of a source adapter",
    };

    private readonly DialogueService.DialogueServiceClient _dialogues = new(fixture.Host.CallInvoker);
    private readonly ProcedureStatsService.ProcedureStatsServiceClient _procedures = new(fixture.Host.CallInvoker);
    private readonly Dictionary<string, List<string>> _storedMarkers = [];
    private readonly HashSet<string> _filled = [];
    private readonly List<string> _answered = [];
    private string _lastRequestId = "";
    private int _counter;

    [GeneratedRegex(@"fx\d{3}")]
    private static partial Regex Marker();

    [Fact]
    public async Task No_id_or_phone_number_sent_in_free_text_is_stored_logged_streamed_or_published()
    {
        using var watch = _dialogues.WatchDialogues(new WatchDialoguesRequest { UnitCode = "01" }, deadline: DateTime.UtcNow.AddMinutes(5));
        await watch.ResponseHeadersAsync.WaitAsync(Timeouts.Call);

        // A dialogue of Ba Đình through its life: scheduled, announced, held with opinions, results
        // published, an opinion resolved.
        var schedule = Schedule("00004", At(2030, 3, 12, 8));
        schedule.Sessions.Add(new DialogueSession { StartTime = At(2030, 3, 12, 8), EndTime = At(2030, 3, 12, 9) });
        var held = ((ScheduleDialogueResponse)await SendAsync(schedule)).Dialogue;
        await SendAsync(new AnnounceDialogueRequest { DialogueId = held.DialogueId, Channels = { AnnouncementChannel.Loudspeaker } });
        Fixture.Clock.Set(new DateTimeOffset(2030, 3, 12, 11, 0, 0, TimeSpan.FromHours(7)).ToUniversalTime());
        var outcome = ((RecordDialogueOutcomeResponse)await SendAsync(new RecordDialogueOutcomeRequest
        {
            DialogueId = held.DialogueId,
            HeldOn = Day(2030, 3, 12),
            Attendance = { new Attendance { Count = 120 } },
            Opinions = { new NewOpinion(), new NewOpinion() },
        })).Dialogue;
        await SendAsync(new PublishDialogueResultsRequest { DialogueId = held.DialogueId, Channels = { ResultsChannel.PostedAtOffice } });
        await SendAsync(new UpdateOpinionRequest { OpinionId = outcome.Opinions[0].OpinionId, Status = OpinionStatus.Resolved });

        // The next one is moved and carries the open opinion onto its agenda (and so into the feed); a third is cancelled.
        var next = ((ScheduleDialogueResponse)await SendAsync(Schedule("00004", At(2030, 3, 20, 8)))).Dialogue;
        await SendAsync(new RescheduleDialogueRequest { DialogueId = next.DialogueId, StartTime = At(2030, 3, 22, 8) });
        var cancelled = ((ScheduleDialogueResponse)await SendAsync(Schedule("00004", At(2030, 3, 25, 14)))).Dialogue;
        await SendAsync(new CancelDialogueRequest { DialogueId = cancelled.DialogueId });

        // Petitions of two wards (more than 10 % of their voters) make a dialogue mandatory in each; late
        // dossiers in two others propose one each: one is confirmed, the other dismissed.
        foreach (var unit in new[] { "00070", "00091" })
        {
            await SendAsync(new RecordPetitionRequest { UnitCode = unit, ReceivedOn = Day(2030, 3, 10), Signatures = 20, RegisteredVoters = 150 });
        }

        await _procedures.SubmitProcedureStatsAsync(new SubmitProcedureStatsRequest
        {
            Options = new() { BatchId = "late-dossiers" },
            Reports = { LateReport("00103"), LateReport("00118") },
        });
        await Fixture.Host.Services.GetRequiredService<TriggerEvaluator>().EvaluateAsync(CancellationToken.None).WaitAsync(Timeouts.Call);
        await SendAsync(new ConfirmDialogueRequest { DialogueId = (await ProposalAsync("00103")).DialogueId });
        await SendAsync(new CancelDialogueRequest { DialogueId = (await ProposalAsync("00118")).DialogueId });

        // Past dialogues of Ba Đình entered afterwards, one with its opinions and a list with counts only.
        await SendAsync(new RecordPastDialogueRequest
        {
            Dialogue = new PastDialogue { UnitCode = "00004", Kind = DialogueKind.Periodic, HeldOn = Day(2030, 3, 2), Opinions = { new NewOpinion() } },
        });
        await SendAsync(new RecordPastDialoguesRequest
        {
            Dialogues = { new PastDialogue { UnitCode = "00004", Kind = DialogueKind.AdHoc, HeldOn = Day(2030, 3, 3), OpinionCounts = new OpinionCounts { Received = 2 } } },
        });

        // The opinions workbook of Ba Đình exported (its agency filter is free text) and taken back.
        await SendAsync(new ExportOpinionsRequest { UnitCode = "00004" });
        var workbook = (await new DocumentService.DocumentServiceClient(Fixture.Host.CallInvoker).ExportOpinionsAsync(new ExportOpinionsRequest { UnitCode = "00004" })).Document;
        await SendAsync(new ImportOpinionUpdatesRequest { UnitCode = "00004", Content = workbook.Content });
        using (var template = Documents.Xlsx.Open((await new DocumentService.DocumentServiceClient(Fixture.Host.CallInvoker)
                   .GetPastDialogueTemplateAsync(new GetPastDialogueTemplateRequest { UnitCode = "00004" })).Document.Content.ToByteArray(), editable: true))
        {
            template.AppendRow(1, new DateOnly(2030, 3, 1), "Cấp xã", "00004", "Phường Ba Đình", "đột xuất", null, null, null, 1, 1, 0, 0, null);
            await SendAsync(new ImportPastDialoguesRequest { UnitCode = "00004", Content = ByteString.CopyFrom(template.Save()) });
        }

        // Every way national data comes in, and the reads that take text.
        await SendAsync(new SubmitIdIssuanceReportsRequest { Options = new(), Reports = { IdReport("00004") } });
        await SendAsync(new StreamIdIssuanceReportsRequest { Options = new(), Reports = { IdReport("00070") } });
        await SendAsync(new SubmitProcedureStatsRequest { Options = new(), Reports = { ProcedureReport("00004") } });
        await SendAsync(new StreamProcedureStatsRequest { Options = new(), Reports = { ProcedureReport("00070") } });
        await SendAsync(new ImportFileRequest
        {
            Format = "one-stop-json",
            Content = ByteString.CopyFrom(OneStopJson(OneStopItem("00091", "2030-02", 10, 20, 0, 0, 5, 20, 0, 5, 0, 10, 10, 0))),
        });
        await SendAsync(new SetHolidayDecisionRequest
        {
            Year = 2031,
            Periods = { new HolidayPeriod { Holiday = Holiday.NationalDay, FirstDay = Day(2031, 9, 1), LastDay = Day(2031, 9, 2) } },
        });
        await SendAsync(new ListUnitsRequest { ParentCode = "01" });
        await SendAsync(new ListAuditRecordsRequest());

        // Every free-text field of the contract was filled, in calls that all succeeded.
        Assert.Equal(FreeTextFields().Order(), _filled.Order());

        var found = new List<string>();
        var markers = new HashSet<string>();
        await Timeouts.Eventually(async () => await ScalarAsync<bool>(Fixture.ConnectionString,
            "select exists (select 1 from audit_record where request_id = @id)", new { id = _lastRequestId }), Timeouts.Call, "the audit of the last call");
        await using (var connection = new NpgsqlConnection(Fixture.ConnectionString))
        {
            var tables = await connection.QueryAsync<string>("""
                select format('%I.%I', table_schema, table_name) from information_schema.tables
                 where table_type = 'BASE TABLE' and table_schema in ('public', 'hangfire')
                """);
            foreach (var table in tables)
            {
                foreach (var row in await connection.QueryAsync<string>($"select t::text from {table} t"))
                {
                    Look(table, row);
                    markers.UnionWith(Marker().Matches(row).Select(m => m.Value));
                }
            }

            var lastEvent = await connection.ExecuteScalarAsync<long>("select max(id) from dialogue_event");
            using var stop = new CancellationTokenSource(Timeouts.Call);
            while (await watch.ResponseStream.MoveNext(stop.Token))
            {
                Look("event", watch.ResponseStream.Current.ToString());
                if (watch.ResponseStream.Current.EventId == lastEvent)
                {
                    break;
                }
            }
        }

        // Calendar lines are folded at 75 octets, which could split a number.
        var feed = (await Fixture.Host.Web.GetStringAsync("/calendars/00004.ics")).Replace("\r\n ", "").Replace("\r\n\t", "");
        Look("feed", feed);
        foreach (var entry in Fixture.Host.Logs.Entries)
        {
            Look("log", entry.ToString());
        }

        foreach (var requestId in _answered)
        {
            Look("x-request-id trailer", requestId);
        }

        Assert.True(found.Count == 0, $"found in clear:\n{string.Join("\n", found.Distinct().Take(20))}");
        // The text did arrive: every field of a call that writes left its (scrubbed) mark in a table,
        // and the feed shows the dialogues with their scrubbed titles and agenda.
        Assert.Empty(_storedMarkers.Where(f => !f.Value.Any(markers.Contains)).Select(f => f.Key));
        Assert.Contains($"UID:{next.DialogueId}@danvan", feed);
        Assert.Contains(PersonalDataScrubber.IdPlaceholder, feed);

        void Look(string where, string text)
        {
            foreach (var trace in Traces.Where(t => text.Contains(t, StringComparison.Ordinal)))
            {
                var at = text.IndexOf(trace, StringComparison.Ordinal);
                found.Add($"{where}: {text.Substring(Math.Max(0, at - 60), Math.Min(text.Length - Math.Max(0, at - 60), 100))}");
            }
        }
    }

    public static TheoryData<string> MethodsWithNonFreeTextFields() => new(SecurityInterceptor.ContractMethods
        .Where(m => m.InputType.Fields.InFieldNumberOrder().Any(f => f.FieldType == FieldType.String && NotFreeText.ContainsKey(f.Name)))
        .Select(m => $"{m.Service.Name}/{m.Name}").Order());

    [Theory]
    [MemberData(nameof(MethodsWithNonFreeTextFields))]
    public async Task A_field_that_is_not_free_text_refuses_an_id_or_phone_number_without_echoing_it(string name)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => $"{m.Service.Name}/{m.Name}" == name);
        var request = (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
        var fields = method.InputType.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String && NotFreeText.ContainsKey(f.Name)).ToList();
        foreach (var field in fields)
        {
            field.Accessor.SetValue(request, Prose(field.Name));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(method, request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Superset(fields.Select(f => f.Name).ToHashSet(), error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToHashSet());
        Assert.DoesNotContain(Traces, t => error.Status.Detail.Contains(t, StringComparison.Ordinal));
        Assert.DoesNotContain(Fixture.Host.Logs.Entries.Skip(LogMark), e => Traces.Any(t => e.ToString().Contains(t, StringComparison.Ordinal)));
    }

    /// <summary>Every string field of the contract's requests, and of the messages they hold, that is free text.</summary>
    private static IEnumerable<string> FreeTextFields()
    {
        var seen = new HashSet<string>();
        var pending = new Stack<MessageDescriptor>(SecurityInterceptor.ContractMethods.Select(m => m.InputType));
        while (pending.TryPop(out var message))
        {
            if (message.File.Package != "danvan.v1" || !seen.Add(message.FullName))
            {
                continue;
            }

            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                if (field.FieldType == FieldType.Message)
                {
                    pending.Push(field.MessageType);
                }
                else if (field.FieldType == FieldType.String && !NotFreeText.ContainsKey(field.Name))
                {
                    yield return field.FullName;
                }
            }
        }
    }

    /// <summary>Fills every free-text field of <paramref name="request"/> (and of the messages it holds) with numbers, sends it with numbers in its x-request-id too, and expects it to succeed.</summary>
    private async Task<IMessage> SendAsync(IMessage request)
    {
        var method = SecurityInterceptor.ContractMethods.Single(m => m.InputType.FullName == request.Descriptor.FullName);
        Fill(request, !Scopes.IsRead(method.Name));
        return await CallAsync(method, request);
    }

    private void Fill(IMessage message, bool stored)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.Message)
            {
                var inner = field.IsRepeated ? ((IList)value).Cast<IMessage>() : value is IMessage one ? new[] { one } : [];
                foreach (var held in inner)
                {
                    Fill(held, stored);
                }
            }
            else if (field.FieldType == FieldType.String && !NotFreeText.ContainsKey(field.Name))
            {
                // Caller-chosen keys keep to their character rules (batch_id, source, request_id).
                Func<string> text = field.Name == "source" || field.Name.EndsWith("_id", StringComparison.Ordinal)
                    ? () => $"fx{++_counter:D3}-{IdNumber}-{PhoneForms[0]}"
                    : () => Prose(field.Name);
                var written = new List<string>();
                if (field.IsRepeated)
                {
                    var list = (IList)value;
                    list.Clear();
                    written.AddRange([text(), text()]);
                    written.ForEach(w => list.Add(w));
                }
                else
                {
                    written.Add(text());
                    field.Accessor.SetValue(message, written[0]);
                }

                _filled.Add(field.FullName);
                if (stored)
                {
                    (_storedMarkers.TryGetValue(field.FullName, out var list) ? list : _storedMarkers[field.FullName] = [])
                        .AddRange(written.Select(w => Marker().Match(w).Value));
                }
            }
        }
    }

    private string Prose(string field) => $"fx{++_counter:D3} {field}: CCCD {IdNumber}, SĐT {string.Join(" hoặc ", PhoneForms)}";

    /// <summary>Calls <paramref name="method"/> as the test operator with numbers in the x-request-id; returns the response, throws the RpcException.</summary>
    private async Task<IMessage> CallAsync(MethodDescriptor method, IMessage request)
    {
        var marshaller = new Marshaller<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        var output = new Marshaller<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.ServerStreaming,
        };
        var rpc = new Method<IMessage, IMessage>(type, method.Service.FullName, method.Name, marshaller, output);
        var options = new CallOptions(new Metadata { { "x-request-id", $"fx{++_counter:D3} id {IdNumber} tel {PhoneForms[_counter % PhoneForms.Length]}" } });
        var invoker = Fixture.Host.CallInvoker;
        switch (type)
        {
            case MethodType.Unary:
            {
                using var call = invoker.AsyncUnaryCall(rpc, null, options, request);
                return Answered(await call.ResponseAsync, call.GetTrailers());
            }

            case MethodType.ClientStreaming:
            {
                using var call = invoker.AsyncClientStreamingCall(rpc, null, options);
                await call.RequestStream.WriteAsync(request);
                await call.RequestStream.CompleteAsync();
                return Answered(await call.ResponseAsync, call.GetTrailers());
            }

            default:
            {
                // Only refusals are sent this way: they end the stream before any message.
                using var call = invoker.AsyncServerStreamingCall(rpc, null, options, request);
                await call.ResponseStream.MoveNext(CancellationToken.None);
                throw new InvalidOperationException($"{method.Name} was not refused");
            }
        }
    }

    private IMessage Answered(IMessage response, Metadata trailers)
    {
        _lastRequestId = trailers.GetValue("x-request-id")!;
        _answered.Add(_lastRequestId);
        return response;
    }

    private async Task<Dialogue> ProposalAsync(string unit) =>
        Assert.Single((await _dialogues.ListDialoguesAsync(new ListDialoguesRequest { UnitCode = unit, Status = DialogueStatus.Proposed })).Dialogues);

    private static IdIssuanceReport IdReport(string unit) => new()
    {
        UnitCode = unit, ReportDate = Day(2030, 3, 1), DossiersCollected = 100, CardsProduced = 90, CardsReturned = 85,
    };

    private static ProcedureStatsReport LateReport(string unit) => new()
    {
        UnitCode = unit, Month = Month(2030, 2), Received = 40, ReceivedOnline = 20,
        ResolvedEarly = 0, ResolvedOnTime = 20, ResolvedInTime = 20, ResolvedLate = 20, Resolved = 40,
    };

    private static ProcedureStatsReport ProcedureReport(string unit) => new()
    {
        UnitCode = unit, Month = Month(2030, 2), Received = 40, ReceivedOnline = 20,
        ResolvedEarly = 10, ResolvedOnTime = 30, ResolvedInTime = 40, ResolvedLate = 0, Resolved = 40,
    };
}
