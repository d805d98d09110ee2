using System.Text;
using Dapper;
using DanVan.Contracts.V1;
using DanVan.Hub.Hosting;
using DanVan.Hub.Security;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Npgsql;
using Date = Google.Type.Date;

namespace DanVan.Hub.Tests.Units;

/// <summary>
/// ImportUnitEdition and import-edition on a database holding the real map built from the editions: a
/// fresh database per test, since the imports change it.
/// </summary>
public sealed class UnitEditionImportTests : HubTest
{
    private static readonly Date NextDate = new() { Year = 2027, Month = 1, Day = 1 };
    private static readonly Date DayBefore = new() { Year = 2026, Month = 12, Day = 31 };

    private static string LatestEditionPath => Path.Combine(RepoPaths.SharedEditionsDir, "editions", "2026-04-30.csv");

    /// <summary>
    /// A next edition made from the real 2026-04-30 one: Ngọc Hà (00008) merged into Ba Đình (00004),
    /// which is renamed; Xã Sóc Sơn (00376) becomes a phường; a new Phường Thử Nghiệm (00001).
    /// </summary>
    private static byte[] NextEdition()
    {
        var lines = File.ReadAllText(LatestEditionPath).Split("\r\n").ToList();
        lines.RemoveAll(l => l.Contains(",00008,", StringComparison.Ordinal));
        lines = lines.Select(l => l
            .Replace(",Phường Ba Đình,00004,", ",Phường Ba Đình – Ngọc Hà,00004,", StringComparison.Ordinal)
            .Replace(",Xã Sóc Sơn,00376,Xã", ",Phường Sóc Sơn,00376,Phường", StringComparison.Ordinal)).ToList();
        lines.Insert(1, "Thành phố Hà Nội,01,,,Phường Thử Nghiệm,00001,Phường");
        return Encoding.UTF8.GetBytes(string.Join("\r\n", lines));
    }

    [Fact]
    public async Task Importing_the_latest_edition_again_reports_it_and_writes_nothing()
    {
        var (connectionString, hub) = await StartAsync();
        await using var _ = hub;
        var before = await SnapshotAsync(connectionString);

        var response = await Client(hub).ImportUnitEditionAsync(new ImportUnitEditionRequest
        {
            EffectiveDate = new Date { Year = 2026, Month = 4, Day = 30 },
            Content = ByteString.CopyFrom(await File.ReadAllBytesAsync(LatestEditionPath)),
        });

        // The summary is the edition's (against the day before it: Phố Bảng renamed, Đồng Nai and ten
        // of its xã retyped); nothing of it is written again.
        Assert.Equal((0, 0), (response.VersionsWritten, response.LinksWritten));
        Assert.Equal((0, 0, 1, 11, 0), (response.UnitsStarted, response.UnitsEnded, response.UnitsRenamed, response.UnitsRetyped, response.UnitsMoved));
        Assert.Equal(34 + 3321 - 12, response.UnitsUnchanged);
        Assert.Equal(192, response.UnitsRespelled);
        Assert.Contains(response.Changes, c => c.Code == "75" && c.Retyped && c.After.UnitType == "thanh-pho");
        Assert.Equal(before, await SnapshotAsync(connectionString));
    }

    [Fact]
    public async Task A_next_edition_in_a_dry_run_reports_the_summary_and_writes_nothing_and_for_real_extends_the_history()
    {
        var (connectionString, hub) = await StartAsync();
        await using (hub)
        {
            var client = Client(hub);
            var before = await SnapshotAsync(connectionString);
            var request = new ImportUnitEditionRequest { EffectiveDate = NextDate, Content = ByteString.CopyFrom(NextEdition()), DryRun = true };

            var dryRun = await client.ImportUnitEditionAsync(request);

            Assert.True(dryRun.DryRun);
            Assert.Equal((1, 1, 1, 1, 0), (dryRun.UnitsStarted, dryRun.UnitsEnded, dryRun.UnitsRenamed, dryRun.UnitsRetyped, dryRun.UnitsMoved));
            Assert.Equal(["00001", "00004", "00008", "00376"], dryRun.Changes.Select(c => c.Code));
            var renamed = dryRun.Changes.Single(c => c.Code == "00004");
            Assert.Equal(("Phường Ba Đình", "Phường Ba Đình – Ngọc Hà", NextDate), (renamed.Before.Name, renamed.After.Name, renamed.After.ValidFrom));
            Assert.True(dryRun.Changes.Single(c => c.Code == "00008").Ended);
            // Three versions end, three begin; two links (rename, retype).
            Assert.Equal((6, 2), (dryRun.VersionsWritten, dryRun.LinksWritten));
            Assert.Equal(before, await SnapshotAsync(connectionString));

            request.DryRun = false;
            var real = await client.ImportUnitEditionAsync(request);

            Assert.Equal((dryRun.VersionsWritten, dryRun.LinksWritten, dryRun.Changes), (real.VersionsWritten, real.LinksWritten, real.Changes));
            Assert.Equal("Phường Ba Đình", (await client.GetUnitAsync(new GetUnitRequest { Code = "00004", AsOf = DayBefore })).Unit.Name);
            Assert.Equal("Phường Ba Đình – Ngọc Hà", (await client.GetUnitAsync(new GetUnitRequest { Code = "00004", AsOf = NextDate })).Unit.Name);
            Assert.Equal("phuong", (await client.GetUnitAsync(new GetUnitRequest { Code = "00376", AsOf = NextDate })).Unit.UnitType);
            Assert.Equal("Phường Thử Nghiệm", (await client.GetUnitAsync(new GetUnitRequest { Code = "00001", AsOf = NextDate })).Unit.Name);
            var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetUnitAsync(new GetUnitRequest { Code = "00008", AsOf = NextDate }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, gone.StatusCode);

            // Once the edition is in force, what was reported for Ba Đình in 2026 resolves to the renamed unit.
            hub.Clock.Set(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.FromHours(7)));
            var resolved = await client.ResolveUnitAsync(new ResolveUnitRequest { Code = "00004", AsOf = DayBefore });
            var successor = Assert.Single(resolved.Successors);
            Assert.Equal(("Phường Ba Đình – Ngọc Hà", LineageKind.Full), (successor.Unit.Name, successor.Kind));

            // The same edition again writes nothing; an older one can no longer come in.
            var extended = await SnapshotAsync(connectionString);
            var again = await client.ImportUnitEditionAsync(request);
            Assert.Equal((0, 0), (again.VersionsWritten, again.LinksWritten));
            Assert.Equal(extended, await SnapshotAsync(connectionString));
            var latest = ByteString.CopyFrom(await File.ReadAllBytesAsync(LatestEditionPath));
            var older = await Assert.ThrowsAsync<RpcException>(() => client.ImportUnitEditionAsync(new ImportUnitEditionRequest
            {
                EffectiveDate = new Date { Year = 2026, Month = 4, Day = 30 }, Content = latest,
            }).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, older.StatusCode);
            Assert.Equal("EDITION_OUT_OF_ORDER", older.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        }

        // A restart that imports the folder of editions again keeps what the later edition changed.
        var tables = await SnapshotAsync(connectionString);
        await using var restarted = await StartHubAsync(connectionString, $"--DanVan:UnitsDir={RepoPaths.SharedUnitsDir}");
        Assert.Equal(tables, await SnapshotAsync(connectionString));
        Assert.Contains(restarted.Logs.Entries, e => e.Message.StartsWith("Administrative map from", StringComparison.Ordinal) && e.Message.Contains("units 0 new, 0 changed"));
    }

    [Fact]
    public async Task Another_edition_of_a_date_already_imported_is_refused()
    {
        var (_, hub) = await StartAsync();
        await using var _ = hub;
        var client = Client(hub);
        await client.ImportUnitEditionAsync(new ImportUnitEditionRequest { EffectiveDate = NextDate, Content = ByteString.CopyFrom(NextEdition()) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ImportUnitEditionAsync(new ImportUnitEditionRequest
        {
            EffectiveDate = NextDate, Content = ByteString.CopyFrom(File.ReadAllBytes(LatestEditionPath)), DryRun = true,
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("EDITION_CONFLICT", error.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
    }

    [Fact]
    public async Task Bad_input_is_an_invalid_argument_listing_every_field_and_writes_nothing()
    {
        var (connectionString, hub) = await StartAsync();
        await using var _ = hub;
        var client = Client(hub);
        var before = await SnapshotAsync(connectionString);

        var empty = await Assert.ThrowsAsync<RpcException>(() => client.ImportUnitEditionAsync(new ImportUnitEditionRequest()).ResponseAsync);
        var badDate = await Assert.ThrowsAsync<RpcException>(() => client.ImportUnitEditionAsync(new ImportUnitEditionRequest
        {
            EffectiveDate = new Date { Year = 2027, Month = 2, Day = 30 }, Content = ByteString.CopyFromUtf8("x"),
        }).ResponseAsync);
        var badCsv = await Assert.ThrowsAsync<RpcException>(() => client.ImportUnitEditionAsync(new ImportUnitEditionRequest
        {
            EffectiveDate = NextDate,
            Content = ByteString.CopyFromUtf8("Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Cấp\r\nThành phố Hà Nội,1,,,Phường Ba Đình,00004,Phường\r\n"),
        }).ResponseAsync);

        Assert.Equal(["content", "effective_date"], Fields(empty));
        Assert.Equal(["effective_date"], Fields(badDate));
        Assert.Equal(["content"], Fields(badCsv));
        Assert.Contains("line 2: '1' is not a province code", badCsv.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Description);
        Assert.Equal(before, await SnapshotAsync(connectionString));
    }

    [Fact]
    public async Task Importing_an_edition_needs_units_write_which_a_client_limited_to_a_unit_cannot_hold()
    {
        var (_, hub) = await StartAsync();
        await using var _ = hub;
        var reader = await hub.CreateClientAsync("units-reader", ClientKind.Agency, ["units:read"]);

        var error = await Assert.ThrowsAsync<RpcException>(() => new AdminUnitService.AdminUnitServiceClient(hub.CallInvokerFor(reader))
            .ImportUnitEditionAsync(new ImportUnitEditionRequest { EffectiveDate = NextDate, Content = ByteString.CopyFrom(NextEdition()) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.False(Scopes.AllowedWithUnit("units:write"));
        await Assert.ThrowsAnyAsync<Exception>(() => hub.CreateClientAsync("ward-secretary", ClientKind.Secretary, ["units:write"], "00004"));
    }

    [Fact]
    public async Task The_command_line_imports_a_next_edition_in_a_dry_run_and_for_real()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap).WaitAsync(Timeouts.Startup);
        var file = Path.Combine(Directory.CreateTempSubdirectory("danvan-edition-").FullName, "2027-01-01.csv");
        await File.WriteAllBytesAsync(file, NextEdition());
        var before = await SnapshotAsync(connectionString);

        var dryRun = await RunAsync(connectionString, "import-edition", file, "--dry-run");
        Assert.Equal(before, await SnapshotAsync(connectionString));
        var real = await RunAsync(connectionString, "import-edition", file);

        Assert.StartsWith("dry run, nothing written: edition 2027-01-01: 1 started, 1 ended, 1 renamed, 1 retyped, 0 moved", dryRun[^1]);
        Assert.Contains("renamed: 00004 Phường Ba Đình → Phường Ba Đình – Ngọc Hà", dryRun);
        Assert.StartsWith("edition 2027-01-01: 1 started, 1 ended, 1 renamed, 1 retyped, 0 moved", real[^1]);
        Assert.EndsWith("versions 3 inserted, 3 updated; lineage links 2 inserted", real[^1]);
        Assert.NotEqual(before, await SnapshotAsync(connectionString));
    }

    private static AdminUnitService.AdminUnitServiceClient Client(HubHost hub) => new(hub.CallInvoker);

    private async Task<(string, HubHost)> StartAsync()
    {
        var connectionString = await TestDatabases.CreateAsync(DatabaseContent.RealMap).WaitAsync(Timeouts.Startup);
        return (connectionString, await StartHubAsync(connectionString));
    }

    private static string[] Fields(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Distinct().Order().ToArray();
    }

    private static async Task<string> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var units = await connection.QuerySingleAsync<string>("select md5(string_agg(u::text, '|' order by id)) from admin_unit u");
        var links = await connection.QuerySingleAsync<string>("select md5(string_agg(l::text, '|' order by predecessor_id, successor_id)) from unit_lineage l");
        return units + links;
    }

    private static async Task<string[]> RunAsync(string connectionString, params string[] args)
    {
        var run = await HubCommand.RunAsync(connectionString, args);
        Assert.True(run.ExitCode == 0, $"{args[0]} exited with {run.ExitCode}: {run.Error}");
        return run.Lines;
    }
}
