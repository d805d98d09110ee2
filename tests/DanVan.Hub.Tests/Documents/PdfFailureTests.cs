using System.Globalization;
using DanVan.Contracts.V1;
using Grpc.Core;
using static DanVan.Hub.Tests.Dialogues.DialogueTestSupport;

namespace DanVan.Hub.Tests.Documents;

/// <summary>
/// A hub whose LibreOffice hangs: a stand-in that records its process id and sleeps. Conversions are
/// allowed two seconds. The built-in provinces suffice, the papers being of a province's dialogue.
/// </summary>
public sealed class StalledConverterFixture() : HubFixture(DatabaseContent.Migrated)
{
    private static readonly DirectoryInfo Folder = Directory.CreateTempSubdirectory("danvan-stalled-soffice-");

    public static string PidFile => Path.Combine(Folder.FullName, "pids");

    private static string Script
    {
        get
        {
            var script = Path.Combine(Folder.FullName, "soffice");
            // The hub runs on Linux (LibreOffice from Debian); the stand-in is a shell script.
            if (!File.Exists(script) && !OperatingSystem.IsWindows())
            {
                File.WriteAllText(script, $"#!/bin/sh\necho $$ >> '{PidFile}'\nexec sleep 120\n");
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return script;
        }
    }

    public override DateTimeOffset StartsAt => DialogueHubFixture.Start;

    protected override string[] Settings => [$"--DanVan:Documents:Soffice={Script}", "--DanVan:Documents:ConversionTimeout=00:00:02"];
}

public sealed class PdfFailureTests(StalledConverterFixture fixture) : HubTest<StalledConverterFixture>(fixture)
{
    [Fact]
    public async Task A_conversion_past_its_timeout_is_killed_and_the_call_is_unavailable_while_the_docx_still_comes()
    {
        var dialogue = (await new DialogueService.DialogueServiceClient(Fixture.Host.CallInvoker).ScheduleDialogueAsync(Schedule("01", At(2030, 3, 19, 8)))).Dialogue;
        var documents = new DocumentService.DocumentServiceClient(Fixture.Host.CallInvoker);
        var request = new GetDialogueDocumentRequest { DialogueId = dialogue.DialogueId, Kind = DialogueDocumentKind.Announcement, Format = FileFormat.Pdf };

        var refused = await Refused(StatusCode.Unavailable, () => documents.GetDialogueDocumentAsync(request).ResponseAsync);
        var docx = await documents.GetDialogueDocumentAsync(new GetDialogueDocumentRequest(request) { Format = FileFormat.Docx });

        Assert.Equal("PDF_CONVERSION_FAILED", Reason(refused));
        Assert.Contains("within 2 s", refused.Status.Detail);
        Assert.NotEmpty(docx.Document.Content);
        var pid = int.Parse(File.ReadAllLines(StalledConverterFixture.PidFile).Last(), CultureInfo.InvariantCulture);
        await Timeouts.Eventually(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), TimeSpan.FromSeconds(10), $"the stalled converter {pid} to be gone");
    }
}
