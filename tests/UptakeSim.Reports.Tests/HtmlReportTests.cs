using System.Text.RegularExpressions;
using UptakeSim.Runner;

namespace UptakeSim.Reports.Tests;

[Collection(WrittenCharts.Collection)]
public sealed class HtmlReportTests(WrittenCharts written)
{
    private string Render(bool partial = false)
    {
        var summary = SampleSummaries.Comparison(partial);
        return HtmlReport.Render(summary, written.Charts, written.Directory, SampleSummaries.Yaml(summary));
    }

    [Fact]
    public void Is_one_page_with_balanced_elements()
    {
        var html = Render();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        foreach (var element in new[] { "html", "head", "body", "section", "table", "tr", "figure", "details", "pre", "style" })
        {
            Assert.True(Regex.Count(html, $"<{element}[ >]") == Regex.Count(html, $"</{element}>"), element);
        }
    }

    [Fact]
    public void Escapes_scenario_names_descriptions_and_yaml()
    {
        var html = Render();
        Assert.Contains("fast &lt;push&gt; &amp; go", html);
        Assert.Contains("Mandate &lt;now&gt; &amp; support.", html);
        Assert.Contains("note: &lt;b&gt;not markup&lt;/b&gt;", html);
        Assert.DoesNotContain("<push>", html);
        Assert.DoesNotContain("<b>", html);
        foreach (var name in new[] { SampleSummaries.Reference, SampleSummaries.Slow }) Assert.Contains($"<h2>{name}", html);
    }

    [Fact]
    public void Embeds_every_chart_and_references_nothing_outside()
    {
        var html = Render();
        foreach (var chart in written.Charts)
        {
            var png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(written.Directory, chart.Png)));
            Assert.Contains($"src=\"data:image/png;base64,{png}\"", html);
        }
        Assert.Equal(written.Charts.Count, Regex.Count(html, "<img "));
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotMatch("<(link|script)", html);
    }

    [Fact]
    public void Tabulates_milestones_differences_and_bands()
    {
        var html = Render();
        // fast minus baseline, Level 3, each April: 2015Q1 +1 [-2 to +4], 2016Q1 +3 [+0 to +6]
        Assert.Contains("<th scope=\"row\"><a href=\"#scenario-2\" title=\"fast &lt;push&gt; &amp; go\">fast &lt;push&gt; &amp; go</a></th><td>+1.0<br><span class=\"interval\">[-2 to +4]</span></td><td>+3.0<br><span class=\"interval\">[0 to +6]</span></td></tr>", html);
        Assert.Contains("<td>≥ 50% delegated</td><td>80.0%</td><td>10.0%</td><td>10.0%</td><td>-1.5</td>", html);
        Assert.Contains("<td>≥ 90% delegated</td><td>0.0%</td><td>20.0%</td><td>80.0%</td><td>not reached</td>", html);
        // baseline reaches 50% in 2016Q1 (5 of 10), by April 2016, and 90% only in its last quarter (by April 2017), so its 95th percentile is not reached
        Assert.Contains("<tr><th scope=\"row\">≥ 50% delegated</th><td>April 2016</td><td>April 2016 to April 2017</td><td>90.0%</td></tr>", html);
        Assert.Contains("<td>April 2017 to not reached</td>", html);
        Assert.Contains("Delegated at the horizon (2016Q4): mean 90.0% of CCGs, 90% of runs 70.0% to 100.0%.", html);
        // England bands for baseline in 2015Q3: Level 1 6 CCGs, Level 2 2, Level 3 2
        Assert.Contains("<tr><th scope=\"row\">2015Q3</th><td>6.0</td><td>6</td><td>5–7</td><td>4–8</td><td>2.0</td><td>2</td><td>1–3</td><td>0–4</td><td>2.0</td><td>2</td><td>1–3</td><td>0–4</td><td>20.0%</td></tr>", html);
    }

    [Fact]
    public void Warns_about_partial_results()
    {
        Assert.DoesNotContain("Partial results", Render());
        Assert.Contains("Partial results", Render(partial: true));
    }

    [Fact]
    public void A_single_run_has_no_comparison()
    {
        var summary = SampleSummaries.Single();
        var directory = Path.Combine(written.Directory, "single-html");
        try
        {
            var charts = Charts.Write(summary, directory);
            var html = HtmlReport.Render(summary, charts, directory, SampleSummaries.Yaml(summary));
            Assert.DoesNotContain("Compared with the reference", html);
            Assert.DoesNotContain("(reference)", html);
            Assert.Equal(charts.Count, Regex.Count(html, "<img "));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Long_names_go_by_short_labels_with_a_key()
    {
        var summary = SampleSummaries.Sweep(2);
        var html = HtmlReport.Render(summary, [], written.Directory, SampleSummaries.Yaml(summary));
        Assert.Contains("<li>S1: baseline (reference)</li><li>S2: mandate-sweep[policy.mandate=2016Q1]</li><li>S3: mandate-sweep[policy.mandate=2016Q2]</li>", html);
        Assert.Contains("<th scope=\"row\"><a href=\"#scenario-3\" title=\"mandate-sweep[policy.mandate=2016Q2]\">S3</a></th>", html);
        Assert.Contains("<h2>S2: mandate-sweep[policy.mandate=2016Q1]</h2>", html);
        // short names are shown whole
        Assert.DoesNotContain(">S2<", Render());
    }

    [Fact]
    public void Lists_what_changed_and_the_regional_differences_when_given_them()
    {
        var summary = SampleSummaries.Comparison();
        var details = new ComparisonDetails(
            [new ScenarioChanges(SampleSummaries.Fast, [new ChangedValue("policy.mandate", "null", "2016Q1"), new ChangedValue("behaviour.pressure", "1.5", "2.5")]), new ScenarioChanges(SampleSummaries.Slow, [])],
            [
                new RegionalDifference(SampleSummaries.Fast, "North", "2016Q4", new Band(0.6, -1, 0, 1, 1, 2)),
                new RegionalDifference(SampleSummaries.Fast, "South", "2016Q4", new Band(0.4, -2, 0, 0, 1, 3)),
                new RegionalDifference(SampleSummaries.Fast, "North", "2016Q3", new Band(9, 9, 9, 9, 9, 9)),
                new RegionalDifference(SampleSummaries.Slow, "North", "2016Q4", new Band(-3, -5, -4, -3, -2, -1)),
            ]);
        var html = HtmlReport.Render(summary, written.Charts, written.Directory, SampleSummaries.Yaml(summary), details);
        Assert.Contains("<td><code>policy.mandate</code></td><td class=\"text\">null</td><td class=\"text\">2016Q1</td>", html);
        Assert.Contains("<td><code>behaviour.pressure</code></td><td class=\"text\">1.5</td><td class=\"text\">2.5</td>", html);
        Assert.Contains("title=\"slow\">slow</a></th><td><span class=\"none\">nothing: the same resolved scenario</span></td>", html);
        Assert.Contains("<thead><tr><th scope=\"col\">Scenario</th><th scope=\"col\">North</th><th scope=\"col\">South</th></tr></thead>", html);
        Assert.Contains("title=\"fast &lt;push&gt; &amp; go\">fast &lt;push&gt; &amp; go</a></th><td>+0.6<br><span class=\"interval\">[-1 to +2]</span></td><td>+0.4<br><span class=\"interval\">[-2 to +3]</span></td></tr>", html);
        Assert.Contains("title=\"slow\">slow</a></th><td>-3.0<br><span class=\"interval\">[-5 to -1]</span></td><td>–</td></tr>", html);
        Assert.DoesNotContain("+9.0", html);
    }
}
