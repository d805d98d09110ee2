using System.Text;
using DanVan.Adapters.Ingest;
using DanVan.Adapters.Ingest.Sources;
using DanVan.Testing;
using Microsoft.Extensions.Options;

namespace DanVan.Adapters.Tests.Ingest;

/// <summary>A parse stops when its call is cancelled: a caller that left does not keep a core busy.</summary>
public sealed class AdapterCancellationTests
{
    public static TheoryData<string, byte[]> ReadableFiles() => new()
    {
        { "police-cccd-csv", Encoding.UTF8.GetBytes("Mã ĐVHC,Ngày số liệu,Số thẻ đã trả\r\n00004,30/09/2025,1\r\n") },
        { "police-cccd-xlsx", Workbooks.Build(
            "<row r=\"1\">" + Workbooks.Text("A1", "Mã ĐVHC") + Workbooks.Text("B1", "Ngày số liệu") + Workbooks.Text("C1", "Số thẻ đã trả") + "</row>" +
            "<row r=\"2\">" + Workbooks.Text("A2", "00004") + Workbooks.Text("B2", "30/09/2025") + Workbooks.Number("C2", 1) + "</row>") },
        { "one-stop-json", Encoding.UTF8.GetBytes("[{\"maDonVi\":\"00004\",\"kyBaoCao\":\"2025-09\",\"tiepNhan\":{\"trucTuyen\":1}}]") },
        { "portal-xml", Encoding.UTF8.GetBytes("<BaoCaoTTHC ky=\"09/2025\"><DonVi ma=\"00004\"><TiepNhan>1</TiepNhan></DonVi></BaoCaoTTHC>") },
    };

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void A_cancelled_call_stops_the_parse(string format, byte[] content)
    {
        ISourceAdapter[] adapters =
            [new PoliceCsvAdapter(), new PoliceXlsxAdapter(Options.Create(new IngestOptions())), new OneStopJsonAdapter(), new PortalXmlAdapter()];
        var adapter = adapters.Single(a => a.Format == format);

        Assert.ThrowsAny<OperationCanceledException>(() => adapter.Parse(content, new RowProblems(10), new CancellationToken(canceled: true)));
        Assert.NotEmpty(adapter.Parse(content, new RowProblems(10), CancellationToken.None));
    }
}
