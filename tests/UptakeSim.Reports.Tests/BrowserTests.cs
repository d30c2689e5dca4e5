using UptakeSim.Runner;

namespace UptakeSim.Reports.Tests;

/// <summary>Each kind of report in a real browser, 1280 pixels wide and on a phone 420 pixels wide: every image loads,
/// nothing runs past the right edge or wraps in a table (on the phone, wide tables scroll inside their own box), and the
/// page logs nothing to the console.</summary>
public sealed class BrowserTests
{
    private static void AssertReadable(ComparisonSummary summary, int width, bool details = false)
    {
        var directory = Directory.CreateTempSubdirectory("uptakesim-browser-charts-").FullName;
        try
        {
            var charts = Charts.Write(summary, directory).ToList();
            ComparisonDetails? extra = null;
            if (details)
            {
                var horizon = summary.Scenarios[0].England[^1].Quarter;
                var regional = summary.Comparisons.SelectMany((c, k) => summary.Scenarios[0].Regions.Select(r =>
                    new RegionalDifference(c.Scenario, r.Region, horizon, new Band(k + 0.5, k - 4, k - 2, k, k + 2, k + 5)))).ToArray();
                extra = new ComparisonDetails(
                    summary.Comparisons.Select(c => new ScenarioChanges(c.Scenario, [new ChangedValue("policy.mandate", "null", c.Scenario[^7..^1]), new ChangedValue("name", summary.Reference, c.Scenario)])).ToArray(),
                    regional);
                charts.Add(Charts.RegionalDifferences(directory, summary.Reference, horizon, regional));
            }
            var html = HtmlReport.Render(summary, charts, directory, SampleSummaries.Yaml(summary), extra);
            Browser.AssertReadable(Browser.Check(html, width), charts.Count, width);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_run_report_reads_in_a_browser(int width) => AssertReadable(SampleSummaries.Single(), width);

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_comparison_report_reads_in_a_browser(int width) => AssertReadable(SampleSummaries.Comparison(), width);

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_comparison_of_ten_long_named_sweep_members_reads_in_a_browser(int width) => AssertReadable(SampleSummaries.Sweep(9), width);

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_comparison_over_seven_years_with_four_regions_reads_in_a_browser(int width) => AssertReadable(SampleSummaries.Horizon(5), width, details: true);

    private static void AssertReadable(Func<string, ReportFiles> render, int width)
    {
        var directory = Directory.CreateTempSubdirectory("uptakesim-browser-charts-").FullName;
        try
        {
            var (html, charts) = render(directory);
            Browser.AssertReadable(Browser.Check(html, width), charts.Count, width);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_calibration_report_reads_in_a_browser(int width) => AssertReadable(d => AnalysisReport.Calibration(SampleAnalyses.Calibration(), d), width);

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_hindcast_report_reads_in_a_browser(int width) => AssertReadable(d => AnalysisReport.Hindcast(SampleAnalyses.Hindcast(), d), width);

    [SkippableTheory]
    [InlineData(Browser.Width)]
    [InlineData(Browser.Phone)]
    public void A_sensitivity_report_reads_in_a_browser(int width) => AssertReadable(d => AnalysisReport.Sensitivity(SampleAnalyses.Sensitivity(), d), width);

    [SkippableFact]
    public void The_checks_catch_a_broken_image_an_overflow_a_wrapped_cell_and_a_console_message()
    {
        var check = Browser.Check("""
            <!DOCTYPE html><html><head><title>bad</title></head><body>
            <img src="data:image/png;base64,bm90IGEgcG5n" alt="not a png">
            <div style="width: 1500px">wide</div>
            <table style="width: 200px"><tr><td>a cell with far too many words for two hundred pixels</td></tr></table>
            <script>console.log("hello")</script>
            </body></html>
            """);
        Assert.Equal(1, check.Images);
        Assert.Single(check.BrokenImages);
        Assert.True(check.PageWidth > Browser.Width);
        Assert.Contains(check.Overflowing, e => e.Contains("wide"));
        Assert.Single(check.WrappedCells);
        Assert.Contains(check.Console, c => c.Contains("hello"));
    }

    [SkippableFact]
    public void On_a_phone_a_table_may_scroll_in_its_own_box_but_nothing_may_run_off_the_page()
    {
        var check = Browser.Check("""
            <!DOCTYPE html><html><head><title>phone</title></head><body>
            <table style="display: block; overflow-x: auto"><tr><td style="white-space: nowrap">a row far too wide for a phone held upright, scrolled to</td></tr></table>
            <table class="facts"><tr><th>Fact</th><td>a value in words that wraps on a phone as prose may</td></tr></table>
            <div style="width: 600px">cut off</div>
            </body></html>
            """, Browser.Phone);
        Assert.Equal(Browser.Phone, check.ViewportWidth);
        Assert.Single(check.ScrollingTables);
        Assert.Single(check.WrappedFacts);
        Assert.Empty(check.WrappedCells);
        Assert.Equal(["div \"cut off\""], check.Overflowing);
    }
}
