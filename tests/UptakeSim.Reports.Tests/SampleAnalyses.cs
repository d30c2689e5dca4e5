using UptakeSim.Analysis;
using UptakeSim.Model;

namespace UptakeSim.Reports.Tests;

/// <summary>Hand-made inputs for the calibration, hindcast and sensitivity reports, with values easy to check.</summary>
internal static class SampleAnalyses
{
    public static readonly UncertainParameter[] Priors =
    [
        new("intercepts.join", new NormalDistribution(-3, 1)),
        new("behaviour.pressure", new NormalDistribution(2, 1)),
        new("behaviour.capacity", new UniformDistribution(0, 4)),
    ];

    /// <summary>
    /// 200 equally weighted particles: join spread over -3.5 to -2.5, pressure = 2 - (join + 3) so the two are perfectly
    /// anti-correlated, and capacity cycling through 0.5, 1.5, 2.5 and 3.5 (mean 2, as spread as its uniform prior).
    /// </summary>
    public static CalibrationReport Calibration()
    {
        var particles = Enumerable.Range(0, 200).Select(i =>
        {
            var join = -3.5 + (i + 0.5) / 200;
            return new Particle([join, 2 - (join + 3), 0.5 + i % 4], 1.0 / 200, 0.1, [0]);
        }).ToArray();
        AbcGeneration[] history =
        [
            new(0, double.PositiveInfinity, particles, 200, 200),
            new(1, 4.2, particles, 800, 1000),
            new(2, 1.25, particles, 2000, 3000),
        ];
        return new CalibrationReport("baseline", "Fitted to uptake 2015-2017.", "data/observations.csv", 11, Priors,
            new AbcResult(history, AbcStopReason.MaxGenerations, "stopped after 3 generations (the most allowed)"),
            [
                new FitPoint("2016Q1 England level3", 115, 112.5, 97, 130),
                new FitPoint("2017Q1 England level3", 145, 128.0, 110, 140),
            ],
            [new ObservationNoise("2016Q1 England level3", 115, 2, 6.38), new ObservationNoise("2017Q1 England level3", 145, 2, 4.5)],
            "name: baseline-fitted\nbehaviour:\n  pressure: 2.0\n");
    }

    public static HindcastReport Hindcast()
    {
        var quarters = Enumerable.Range(0, 12).Select(q => $"{2015 + q / 4}Q{q % 4 + 1}").ToArray();
        var bands = quarters.Select((q, i) => new HindcastBand(q, 8 * i, 9 * i, 10 * i, 11 * i, 12 * i)).ToArray();
        var series = new HindcastSeries("CCGs delegated, England", "CCGs", bands,
            [new HindcastObservation("2015Q1", 0), new HindcastObservation("2016Q1", 41), new HindcastObservation("2017Q1", 80), new HindcastObservation("2017Q4", 108)]);
        // The model's runs spread 0..99 around 50; the null model says 70 for sure.
        var ensemble = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
        return new HindcastReport("baseline", "Fitted to 2015-2016, forecast 2017.", "2017Q1", 100, 5, "the share delegated stays where it was at the cutoff",
            [series],
            [new HindcastScore("2017Q1 England level3", ForecastScore.Of(ensemble, 50), ForecastScore.Of([70], 50)), new HindcastScore("2017Q4 England level3", ForecastScore.Of(ensemble, 50), ForecastScore.Of([70], 50))]);
    }

    public static SensitivityReport Sensitivity() => new("baseline", "Which behaviour coefficients matter.", 3, 64, 2,
        [new ParameterRange("behaviour.pressure", 0, 4), new ParameterRange("behaviour.capacity", -1, 1), new ParameterRange("posterior draw of the calibrated coefficients", 0, 1)],
        [
            new SensitivityOutcome("share_delegated_2017q1", "share of CCGs delegated on 1 April 2017",
                [new SobolIndex("behaviour.pressure", 0.61, 0.08, 0.7, 0.05), new SobolIndex("behaviour.capacity", -0.02, 0.05, 0.04, 0.01), new SobolIndex("posterior draw of the calibrated coefficients", 0.1, 0.05, 0.2, 0.05)]),
            new SensitivityOutcome("quarters_from_2015q1_to_90pct", "quarters from 1 April 2015 to 90% of CCGs delegated",
                [new SobolIndex("behaviour.capacity", 0.3, 0.1, 0.5, 0.1), new SobolIndex("behaviour.pressure", 0.2, 0.1, 0.4, 0.1), new SobolIndex("posterior draw of the calibrated coefficients", 0.1, 0.05, 0.2, 0.05)]),
        ],
        ["12 of 384 replications never reached 90% delegated by 1 January 2022 (the horizon's last quarter) and count as 28 quarters"])
    {
        Holds = new Dictionary<string, string> { ["posterior draw of the calibrated coefficients"] = "one particle of the posterior, drawn by weight, setting intercepts.join, peer together (with their posterior correlations)" },
    };
}
