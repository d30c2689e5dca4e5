using System.Text.RegularExpressions;

namespace UptakeSim.Reports.Tests;

public sealed class AnalysisReportTests
{
    private static (string Html, IReadOnlyList<ChartFile> Charts, string Directory) Render(Func<string, ReportFiles> render)
    {
        var directory = Directory.CreateTempSubdirectory("uptakesim-analysis-report-").FullName;
        var (html, charts) = render(directory);
        return (html, charts, directory);
    }

    private static void AssertSelfContained(string html, IReadOnlyList<ChartFile> charts, string directory)
    {
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Equal(charts.Count, Regex.Count(html, "<img src=\"data:image/png;base64,"));
        Assert.DoesNotMatch("<(link|script)|https?://", html);
        foreach (var element in new[] { "table", "tr", "figure", "ul", "details" })
        {
            Assert.True(Regex.Count(html, $"<{element}[ >]") == Regex.Count(html, $"</{element}>"), element);
        }
        foreach (var chart in charts) ChartImage.AssertWithinItsBorders(directory, chart);
    }

    [Fact]
    public void A_calibration_report_summarises_the_posterior_and_warns_in_plain_words()
    {
        var (html, charts, directory) = Render(d => AnalysisReport.Calibration(SampleAnalyses.Calibration(), d));
        try
        {
            AssertSelfContained(html, charts, directory);
            Assert.Equal(["marginals", "pairs", "fit"], charts.Select(c => c.Kind));
            Assert.Equal((3, 3), (charts[0].Series, charts[1].Series));
            // capacity: 0.5, 1.5, 2.5, 3.5 equally often: mean 2, sd 1.118 against the uniform prior's 1.155
            Assert.Contains("<tr><th scope=\"row\">behaviour.capacity</th><td class=\"text\">uniform(0, 4), 90% in 0.2 to 3.8</td><td>2</td>", html);
            Assert.Contains("<td>96.8%</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">intercepts.join</th><td class=\"text\">normal(-3, 1), 90% in -4.645 to -1.355</td><td>-3</td>", html);
            Assert.Contains("<tr><th scope=\"row\">Effective sample size</th><td>200 of 200 particles</td></tr>", html);
            Assert.Contains("<li>The data cannot tell intercepts.join and behaviour.pressure apart: their posterior correlation is -1.00", html);
            Assert.Contains("<li>The data do not constrain behaviour.capacity: its posterior sd is 97% of its prior sd", html);
            Assert.Contains("<tr><th scope=\"row\">2</th><td>1.25</td><td>10.0%</td><td>2,000</td><td>200</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">2017Q1 England level3</th><td>145</td><td>128</td><td>110 to 140</td><td>no</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">Stopped because</th><td>stopped after 3 generations (the most allowed)</td></tr>", html);
            Assert.Contains("<pre>name: baseline-fitted", html);
            // Each term is said once, in plain words, under "How to read this"; the model noise is a row per observation.
            Assert.Contains("<h2>How to read this</h2>", html);
            Assert.Contains("<tr><th scope=\"row\">Tolerance</th><td class=\"text\">The ABC distance threshold a simulation must come within to be accepted; it shrinks each generation", html);
            Assert.Contains("The posterior&#39;s: 1.25.</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">Model noise</th><td class=\"text\">Per observation, the run-to-run sd of its simulated value at fixed coefficients", html);
            Assert.Contains("<tr><th scope=\"row\">Acceptance rate</th><td class=\"text\">The share of a generation&#39;s simulations accepted", html);
            Assert.Contains("<tr><th scope=\"row\">Effective sample size (ESS)</th><td class=\"text\">How many equally weighted particles the weighted particles are worth", html);
            Assert.Contains("<tr><th scope=\"row\">Sd / prior sd</th><td class=\"text\">A parameter&#39;s posterior sd as a share of its prior sd: how much the data taught about it.", html);
            Assert.Equal((1, 1, 1), (Regex.Count(html, "How many equally weighted"), Regex.Count(html, "how much the data taught"), Regex.Count(html, "distance threshold")));
            Assert.Contains("<tr><th scope=\"row\">2016Q1 England level3</th><td>115</td><td>2</td><td>6.38</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">2017Q1 England level3</th><td>145</td><td>2</td><td>4.5</td></tr>", html);
            Assert.Contains("Posterior predictive 90% band", ChartImage.Texts(directory, charts[2]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_hindcast_report_scores_the_model_against_the_null_model()
    {
        var (html, charts, directory) = Render(d => AnalysisReport.Hindcast(SampleAnalyses.Hindcast(), d));
        try
        {
            AssertSelfContained(html, charts, directory);
            var chart = Assert.Single(charts);
            Assert.Equal("hindcast", chart.Kind);
            Assert.Superset(new HashSet<string> { "baseline: hindcast of CCGs delegated, England from 2017Q1", "Cutoff: fitted up to 2017Q1, forecast after", "Observed, fitted to", "Observed, held out" }, ChartImage.Texts(directory, chart));
            // 0..99 scored at 50: inside both bands, CRPS = mean|x - 50| - mean|x - x'| / 2 = 25 - 16.665 = 8.335; the null model's point at 70 scores |70 - 50| = 20
            Assert.Contains("<tr><th scope=\"row\">Model</th><td>100.0%</td><td>100.0%</td><td>8.335</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">Null model</th><td>0.0%</td><td>0.0%</td><td>20</td></tr>", html);
            Assert.Contains("forecast the 2 held-out observations better than the null model: mean CRPS 8.335 against 20", html);
            Assert.Contains("<tr><th scope=\"row\">2017Q4 England level3</th><td>50</td><td>8.335</td><td>20</td><td>yes</td><td>yes</td></tr>", html);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_sensitivity_report_shows_negative_first_order_estimates_as_estimated()
    {
        var (html, charts, directory) = Render(d => AnalysisReport.Sensitivity(SampleAnalyses.Sensitivity(), d));
        try
        {
            AssertSelfContained(html, charts, directory);
            Assert.Equal(2, charts.Count);
            Assert.Contains("<td>behaviour.capacity</td><td>-0.02 (below 0: read as about 0)<br><span class=\"interval\">[-0.07 to 0.03]</span></td><td>0.04<br><span class=\"interval\">[0.03 to 0.05]</span></td>", html);
            Assert.Contains("<td>behaviour.pressure</td><td>0.61<br><span class=\"interval\">[0.53 to 0.69]</span></td>", html);
            Assert.Contains("<tr><th scope=\"row\">behaviour.capacity</th><td class=\"text\">uniform(-1, 1), 90% in -0.9 to 0.9</td></tr>", html);
            Assert.Contains("<tr><th scope=\"row\">Design</th><td>64 samples x 5 points, each run 2 times and averaged</td></tr>", html);
            Assert.Contains("<li>12 of 384 replications never reached 90% delegated by 1 January 2022 (the horizon&#39;s last quarter) and count as 28 quarters.</li>", html);
            // Each outcome says by when, with its key in sensitivity.csv; the posterior draw says what it holds.
            Assert.Contains("<h2>What drives the share of CCGs delegated on 1 April 2017</h2>", html);
            Assert.Contains("<caption>Sobol indices of the share of CCGs delegated on 1 April 2017 (share_delegated_2017q1 in sensitivity.csv),", html);
            Assert.Contains("<h2>What drives the quarters from 1 April 2015 to 90% of CCGs delegated</h2>", html);
            Assert.Contains("<tr><th scope=\"row\">posterior draw of the calibrated coefficients</th><td class=\"text\">one particle of the posterior, drawn by weight, setting intercepts.join, peer together (with their posterior correlations)</td></tr>", html);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
