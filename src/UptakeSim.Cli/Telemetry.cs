using OpenTelemetry;
using OpenTelemetry.Metrics;
using UptakeSim.Grains;
using UptakeSim.Runner;

namespace UptakeSim.Cli;

/// <summary>
/// <c>--telemetry console|otlp</c>: exports the <c>UptakeSim</c> meter, the grains' time in model code
/// (<c>UptakeSim.Grains</c>) and Orleans' own (<c>Microsoft.Orleans</c>) with
/// OpenTelemetry, to the console every interval or to an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT, default
/// http://localhost:4317). Off by default so the console stays readable.
/// </summary>
public static class Telemetry
{
    public static readonly string[] Exporters = ["none", "console", "otlp"];

    public static MeterProvider? Start(string exporter, int intervalMs)
    {
        if (exporter == "none") return null;
        var builder = Sdk.CreateMeterProviderBuilder().AddMeter(UptakeSimMetrics.MeterName, ModelTime.MeterName, "Microsoft.Orleans");
        builder = exporter == "otlp"
            ? builder.AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs)
            : builder.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = intervalMs);
        return builder.Build();
    }
}
