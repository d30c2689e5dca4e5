using System.Diagnostics.Metrics;
using UptakeSim.Model;
using UptakeSim.Runner;
using static UptakeSim.TestSupport.TestScenarios;

namespace UptakeSim.Runner.Tests;

public class MetricsTests
{
    [Fact]
    public async Task The_UptakeSim_meter_reports_replications_ccg_quarters_latency_and_levels_during_a_run()
    {
        var measured = new Dictionary<string, double>();
        var levels = new double[4];
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == UptakeSimMetrics.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured) measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value;
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (measured)
            {
                measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + 1;
                if (instrument.Name == "uptakesim.ccgs.at_level") levels[(int)tags[0].Value!] = value;
            }
        });
        listener.Start();

        var setup = new SimulationSetup(Synthetic(ccgs: 30, start: new StartCounts(10, 10, 10), quarters: 12));
        await MonteCarloRun.RunAsync(new ReferenceEngine(), setup, BatchPlan.Auto(24, 1, 8));
        listener.RecordObservableInstruments();

        // Other tests may run concurrently in this process, so counts are at least this run's.
        Assert.True(measured["uptakesim.replications.completed"] >= 24);
        Assert.True(measured["uptakesim.ccg_quarters.simulated"] >= 24 * 30 * 12);
        Assert.True(measured["uptakesim.batch.duration"] >= 3);
        Assert.Equal(30, levels[1] + levels[2] + levels[3], 6);
    }
}
