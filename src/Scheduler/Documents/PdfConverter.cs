using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DanVan.Scheduler.Documents;

/// <summary><c>DanVan:Documents</c>: the LibreOffice that converts papers to PDF, and how long a conversion and its caller may take.</summary>
public sealed class DocumentOptions
{
    /// <summary>The LibreOffice program (Debian's <c>libreoffice-writer-nogui</c> puts <c>soffice</c> on the path).</summary>
    public string Soffice { get; set; } = "soffice";

    /// <summary>One conversion; beyond it the LibreOffice process is killed and the conversion fails.</summary>
    public TimeSpan ConversionTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a call waits for its conversion job to finish, on whichever hub runs it.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(3);
}

/// <summary>A conversion that did not give a PDF: LibreOffice missing, failing or too slow.</summary>
public sealed class PdfConversionException(string message) : Exception(message);

/// <summary>
/// Converts a .docx to PDF with LibreOffice headless. Each run has its own LibreOffice profile and
/// folder under the temporary directory (a profile is locked by the process using it, so runs sharing
/// one would wait on each other or fail), a timeout after which the whole process tree is killed, and
/// leaves nothing behind.
/// </summary>
public sealed partial class PdfConverter(DocumentOptions options, ILogger<PdfConverter> logger)
{
    public async Task<byte[]> ConvertAsync(byte[] docx, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("danvan-pdf-");
        try
        {
            var input = Path.Combine(work.FullName, "document.docx");
            await File.WriteAllBytesAsync(input, docx, cancellationToken);
            var start = new ProcessStartInfo(options.Soffice)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work.FullName,
            };
            foreach (var argument in new[]
            {
                $"-env:UserInstallation={new Uri(Path.Combine(work.FullName, "profile")).AbsoluteUri}",
                "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", work.FullName, input,
            })
            {
                start.ArgumentList.Add(argument);
            }

            // LibreOffice writes its profile under HOME too unless told otherwise; keep it inside the run's folder.
            start.Environment["HOME"] = work.FullName;
            using var process = StartOrFail(start);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConversionTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new PdfConversionException($"LibreOffice did not convert the document within {options.ConversionTimeout.TotalSeconds:0} s; it was stopped.");
            }

            var pdf = Path.Combine(work.FullName, "document.pdf");
            if (process.ExitCode != 0 || !File.Exists(pdf))
            {
                LogNoPdf(logger, process.ExitCode, (await output).Trim(), (await error).Trim());
                throw new PdfConversionException($"LibreOffice exited with code {process.ExitCode} and no PDF.");
            }

            return await File.ReadAllBytesAsync(pdf, cancellationToken);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException e)
            {
                LogNotRemoved(logger, e, work.FullName);
            }
        }
    }

    private static Process StartOrFail(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new PdfConversionException($"{start.FileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PdfConversionException($"{start.FileName} cannot be run ({e.Message}); install libreoffice-writer-nogui.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LibreOffice exited with {ExitCode} without a PDF: {Output} {Error}")]
    private static partial void LogNoPdf(ILogger logger, int exitCode, string output, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the conversion folder {Folder}")]
    private static partial void LogNotRemoved(ILogger logger, Exception exception, string folder);
}
