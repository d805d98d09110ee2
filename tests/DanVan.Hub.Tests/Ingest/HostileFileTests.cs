using System.IO.Compression;
using System.Text;
using DanVan.Contracts.V1;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using static DanVan.Hub.Tests.Ingest.IngestTestSupport;

namespace DanVan.Hub.Tests.Ingest;

/// <summary>
/// Files built to cost the hub more memory or time than their size warrants: a workbook claiming a cell
/// a million rows down, packages that unpack to hundreds of megabytes or lie about their size, a huge
/// shared-strings table, XML nested 200,000 deep or expanding entities. Each is refused as INVALID_ARGUMENT
/// on <c>content</c> while the hub's managed heap grows by less than <see cref="MaxGrowthMiB"/>, the
/// store stays as it was and health stays SERVING.
/// </summary>
[Collection(nameof(MemoryMeasurements))]
public sealed class HostileFileTests(RealMapHubFixture fixture, ITestOutputHelper output) : HubTest<RealMapHubFixture>(fixture)
{
    /// <summary>
    /// The heap growth allowed while one file is refused, the file's own copies in the client and the
    /// server (at most a few MB here) included; the largest measured is the shared-strings table held up
    /// to its limit (some 36 MiB). Before the reader was bounded the far cell alone took 8 GB.
    /// </summary>
    private const long MaxGrowthMiB = 64;

    public sealed record HostileFile(string Name, string Format, Func<byte[]> Build)
    {
        public override string ToString() => Name;
    }

    private static readonly string HeaderRow =
        "<row r=\"1\">" + string.Concat(SourceFiles.PoliceHeader.Split(',').Select((h, i) => Workbooks.Text($"{(char)('A' + i)}1", h))) + "</row>";

    private static string DataRow(int row) =>
        $"<row r=\"{row}\">{Workbooks.Text($"A{row}", $"{row % 100_000:00000}")}{Workbooks.Text($"C{row}", "30/09/2025")}" +
        $"{Workbooks.Number($"D{row}", row)}{Workbooks.Number($"E{row}", row / 2)}{Workbooks.Number($"F{row}", row / 3)}</row>";

    /// <summary>Header, then data rows until the sheet holds about <paramref name="bytes"/> characters.</summary>
    private static Action<TextWriter> Rows(long bytes) => writer =>
    {
        writer.Write(HeaderRow);
        long written = 0;
        for (var row = 2; written < bytes; row++)
        {
            var xml = DataRow(row);
            writer.Write(xml);
            written += xml.Length;
        }
    };

    public static TheoryData<HostileFile> Files() =>
    [
        new HostileFile("xlsx: one cell at XFD1048576 (5 KB)", "police-cccd-xlsx", () =>
            Workbooks.Build(HeaderRow + $"<row r=\"1048576\">{Workbooks.Number("XFD1048576", 1)}</row>")),
        new HostileFile("xlsx: unpacks to 290 MB", "police-cccd-xlsx", () => Workbooks.Build(writer =>
        {
            writer.Write(HeaderRow);
            var row = $"<row>{Workbooks.Text("", "00004")}<c/>{Workbooks.Text("", "30/09/2025")}{string.Concat(Enumerable.Repeat("<c><v>1234</v></c>", 8))}</row>";
            for (long written = 0; written < 290L * 1024 * 1024; written += row.Length)
            {
                writer.Write(row);
            }
        }, CompressionLevel.Optimal)),
        new HostileFile("xlsx: a 40 MB sheet packed into 280 KB", "police-cccd-xlsx", () => Workbooks.Build(writer =>
        {
            writer.Write(HeaderRow);
            for (var i = 0; i < 1_000_000; i++)
            {
                writer.Write("<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>");
            }
        }, CompressionLevel.Optimal)),
        new HostileFile("xlsx: a sheet that unpacks to more than it declares", "police-cccd-xlsx", () =>
            Workbooks.DeclareSize(Workbooks.Build(Rows(4L * 1024 * 1024)), "xl/worksheets/sheet1.xml", 10_000)),
        new HostileFile("xlsx: 600,000 shared strings", "police-cccd-xlsx", () =>
            Workbooks.Build(HeaderRow, string.Concat(Enumerable.Range(0, 600_000).Select(i => $"<si><t>{i * 7919L}</t></si>")))),
        new HostileFile("xlsx: not a zip", "police-cccd-xlsx", () => Encoding.UTF8.GetBytes("Mã ĐVHC,Ngày số liệu\r\n00004,30/09/2025\r\n")),
        new HostileFile("xlsx: a zip that is not a workbook", "police-cccd-xlsx", () =>
            Workbooks.Zip(CompressionLevel.Optimal, [("notes.txt", w => w.Write("báo cáo"))])),
        new HostileFile("xlsx: a row numbered past the sheet's end", "police-cccd-xlsx", () =>
            Workbooks.Build(HeaderRow + $"<row r=\"2000000000\">{Workbooks.Number("A2000000000", 1)}</row>")),
        new HostileFile("xml: nested 200,000 deep", "portal-xml", () => Encoding.UTF8.GetBytes(
            "<BaoCaoTTHC ky=\"09/2025\"><DonVi ma=\"00004\">" + string.Concat(Enumerable.Repeat("<a>", 200_000)) +
            string.Concat(Enumerable.Repeat("</a>", 200_000)) + "</DonVi></BaoCaoTTHC>")),
        new HostileFile("xml: entities expanding a billion times", "portal-xml", () => Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\"?><!DOCTYPE BaoCaoTTHC [<!ENTITY a \"aaaaaaaaaa\">" +
            string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY {(char)('a' + i)} \"{string.Concat(Enumerable.Repeat($"&{(char)('a' + i - 1)};", 10))}\">")) +
            "]><BaoCaoTTHC ky=\"09/2025\"><DonVi ma=\"00004\"><TiepNhan>&j;</TiepNhan></DonVi></BaoCaoTTHC>")),
        new HostileFile("json: nested 100,000 deep", "one-stop-json", () => Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000))),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_hostile_file_is_refused_on_content_within_a_memory_bound(HostileFile file)
    {
        var request = File(file.Format, file.Build());
        var before = await StoreStateAsync(Fixture.ConnectionString);
        var import = new ImportService.ImportServiceClient(Fixture.Host.CallInvoker);

        RpcException? error = null;
        var growth = await HeapGrowth.DuringAsync(async () =>
            error = await Assert.ThrowsAsync<RpcException>(() => import.ImportFileAsync(request).ResponseAsync));

        output.WriteLine($"{file.Name}: {request.Content.Length / 1024.0:N0} KiB sent, heap grew by {growth / 1024.0 / 1024:N1} MiB at most: {error!.Status.Detail}");
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("content", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.True(growth < MaxGrowthMiB * 1024 * 1024, $"the heap grew by {growth / 1024 / 1024} MiB");
        Assert.Equal(before, await StoreStateAsync(Fixture.ConnectionString));
        var health = await new Health.HealthClient(Fixture.Host.CallInvoker).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }
}
