namespace UptakeSim.Reports.Tests;

/// <summary>Not run beside other tests: it redirects the whole process's standard error while it runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandardErrorCollection
{
    public const string Name = "standard error";
}

[Collection(StandardErrorCollection.Name)]
public sealed class QuietChartsTests
{
    [Fact]
    public void Writing_charts_prints_nothing_on_standard_error()
    {
        var directory = Directory.CreateTempSubdirectory("uptakesim-quiet-").FullName;
        try
        {
            // Ten scenarios in small multiples, six in one overview (the legend in rows), and dashed lines in every legend.
            var printed = NativeStderr.Capture(() =>
            {
                Charts.Write(SampleSummaries.Sweep(9), Path.Combine(directory, "ten"));
                Charts.Write(SampleSummaries.Sweep(5), Path.Combine(directory, "six"));
                AnalysisReport.Calibration(SampleAnalyses.Calibration(), Path.Combine(directory, "calibration"));
                AnalysisReport.Hindcast(SampleAnalyses.Hindcast(), Path.Combine(directory, "hindcast"));
                AnalysisReport.Sensitivity(SampleAnalyses.Sensitivity(), Path.Combine(directory, "sensitivity"));
            });
            Assert.Equal("", printed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
