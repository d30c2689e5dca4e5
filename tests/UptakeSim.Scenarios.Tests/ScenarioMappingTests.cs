using UptakeSim.Model;

namespace UptakeSim.Scenarios.Tests;

public class ScenarioMappingTests
{
    public const string Full = """
        name: full-test_1
        description: |
          Every key set.
        runs: 500
        seed: 18446744073709551615
        horizon:
          start: 2015Q2
          quarters: 20
        population:
          synthetic: { count: 40, regions: 4, footprints: 8 }
          start: { level1: 20, level2: 12, level3: 8 }
          level3_by_region: { "Region 1": 3, "Region 2": 5 }
          finance: { mean: -0.5, sd: 1.0, reversion: 0.2, shock_sd: 0.3, special_measures_below: -2, special_measures_exit_above: -0.5 }
          capacity: { mean: 0.5, sd: 0.1, recovery: 0.25, joint_load: 0.02, delegated_load: 0.04 }
          lmc: { supportive: 0.2, neutral: 0.5, opposed: 0.3, soften_rate: 0.1 }
          conflict: { mean: 0.35, sd: 0.05 }
          mergers:
            enabled: true
            counts: [{ at: 2016Q1, ccgs: 36 }, { at: 2017Q1, ccgs: 30 }]
        policy:
          pressure:
            - { at: 2015Q3, value: 1 }
            - { at: 2016Q3, value: 2.5, ramp: true }
          application_windows:
            - { apply: 2015Q3, effective: 2016Q1 }
            - { apply: 2016Q3, effective: 2017Q1, repeat_yearly: true }
          eligibility: { special_measures_may_delegate: true, special_measures_may_join: true }
          approval: [{ at: 2016Q1, value: 0.8 }]
          support: 0.01
          running_cost_change: [{ at: 2016Q1, value: -0.1 }]
          risk_sharing: 0.5
          mandate: 2018Q1
        behaviour:
          intercepts:
            join: -2.5
            delegate_from_level1: { dist: normal, mean: -3, sd: 0.5 }
            delegate_from_level2: { dist: uniform, min: -3, max: -1 }
            hand_back: { dist: triangular, min: -8, mode: -6, max: -5 }
          pressure: 1.2
          finance: 0.3
          lmc: 0.7
          capacity: 1.1
          peer: 0.9
          experience: 0.1
          conflict: -0.8
          collective: 0.4
          peer_scope: region
          hand_back: true
        """;

    [Fact]
    public void Minimal_scenario_takes_the_model_defaults()
    {
        var scenario = Fixture.Load("name: minimal");

        Assert.Equal(("minimal", "", 200, 1UL), (scenario.Name, scenario.Description, scenario.Runs, scenario.Seed));
        Assert.Equal(Horizon.Default, scenario.Horizon);
        Assert.Equal(209, scenario.Population.Count);
        Assert.Equal(new PopulationAssumptions(
            new StartCounts(209, 0, 0), FinanceAssumptions.Default, CapacityAssumptions.Default, LmcAssumptions.Default, ConflictAssumptions.Default),
            scenario.Assumptions);
        var policy = scenario.Policy;
        foreach (var lever in new[] { policy.Pressure, policy.Support, policy.RunningCostChange, policy.RiskSharing })
        {
            Assert.Empty(lever.Points);
            Assert.Equal(0, lever.Initial);
        }
        Assert.Equal([new ApplicationWindow(new Quarter(2015, 3), new Quarter(2016, 1), RepeatYearly: true)], policy.Windows);
        Assert.False(policy.SpecialMeasuresMayDelegate);
        Assert.False(policy.SpecialMeasuresMayJoin);
        Assert.Equal(Schedule.Constant(1), policy.Approval);
        Assert.Null(policy.Mandate);
        Assert.Equal(BehaviourCoefficients.Default, scenario.Behaviour);
        Assert.Equal(MergerSchedule.None, scenario.Mergers);
    }

    [Fact]
    public void Default_application_window_follows_the_horizon_start()
    {
        var scenario = Fixture.Load("name: m\nhorizon: { start: 2016Q2 }");

        Assert.Equal([new ApplicationWindow(new Quarter(2016, 4), new Quarter(2017, 2), true)], scenario.Policy.Windows);
    }

    [Fact]
    public void Full_scenario_maps_every_key_to_its_model_field()
    {
        var s = Fixture.Load(Full);

        Assert.Equal(("full-test_1", "Every key set.\n", 500, ulong.MaxValue), (s.Name, s.Description, s.Runs, s.Seed));
        Assert.Equal(new Horizon(new Quarter(2015, 2), 20), s.Horizon);
        Assert.Equal((40, 4, 8), (s.Population.Count, s.Population.Regions.Count, s.Population.Footprints.Count));
        Assert.Equal(CcgPopulation.Synthetic(40, 4, 8, ulong.MaxValue).Ccgs, s.Population.Ccgs);

        var a = s.Assumptions;
        Assert.Equal((20, 12, 8), (a.Start.Level1, a.Start.Level2, a.Start.Level3));
        Assert.Equal(new Dictionary<string, int> { ["Region 1"] = 3, ["Region 2"] = 5 }, a.Start.Level3ByRegion);
        Assert.Equal(new FinanceAssumptions(-0.5, 1.0, 0.2, 0.3, -2, -0.5), a.Finance);
        Assert.Equal(new CapacityAssumptions(0.5, 0.1, 0.25, 0.02, 0.04), a.Capacity);
        Assert.Equal(new LmcAssumptions(0.2, 0.5, 0.3, 0.1), a.Lmc);
        Assert.Equal(new ConflictAssumptions(0.35, 0.05), a.Conflict);

        var p = s.Policy;
        Assert.Equal([new SchedulePoint(new Quarter(2015, 3), 1), new SchedulePoint(new Quarter(2016, 3), 2.5, Ramp: true)], p.Pressure.Points);
        Assert.Equal(0, p.Pressure.Initial);
        Assert.Equal(
            [new ApplicationWindow(new Quarter(2015, 3), new Quarter(2016, 1)), new ApplicationWindow(new Quarter(2016, 3), new Quarter(2017, 1), true)],
            p.Windows);
        Assert.True(p.SpecialMeasuresMayDelegate);
        Assert.True(p.SpecialMeasuresMayJoin);
        Assert.Equal([new SchedulePoint(new Quarter(2016, 1), 0.8)], p.Approval.Points);
        Assert.Equal(1, p.Approval.Initial);
        Assert.Equal((0.01, 0.5), (p.Support.Initial, p.RiskSharing.Initial));
        Assert.Equal([new SchedulePoint(new Quarter(2016, 1), -0.1)], p.RunningCostChange.Points);
        Assert.Equal(new Quarter(2018, 1), p.Mandate);

        var b = s.Behaviour;
        Assert.Equal(
            new BehaviourCoefficients(
                CoefficientTable.Model,
                [
                    UncertainValue.Fixed(-2.5),
                    UncertainValue.Normal(-3, 0.5),
                    UncertainValue.Uniform(-3, -1),
                    UncertainValue.Triangular(-8, -6, -5),
                    UncertainValue.Fixed(1.2), UncertainValue.Fixed(0.3), UncertainValue.Fixed(0.7), UncertainValue.Fixed(1.1),
                    UncertainValue.Fixed(-0.8), UncertainValue.Fixed(0.9), UncertainValue.Fixed(0.1), UncertainValue.Fixed(0.2),
                    UncertainValue.Fixed(0.4),
                ],
                PeerScope.Region,
                HandBackEnabled: true),
            b);
        Assert.Equal(["pressure", "finance", "lmc", "capacity", "conflict", "peer", "experience", "deprivation", "collective"], b.Table.Names[4..]);

        // 40 CCGs in 8 footprints merged within footprints to 36, then 30.
        var plan = new MergerPlan(s.Population, s.Horizon, s.Mergers);
        Assert.Equal((40, 36, 30), (plan.Existing[0], plan.Existing[s.Horizon.IndexOf(new Quarter(2016, 1))], plan.Existing[s.Horizon.IndexOf(new Quarter(2017, 1))]));
    }

    [Fact]
    public void The_baseline_follows_the_real_successor_mapping_to_the_published_counts()
    {
        var baseline = Fixture.Loader.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "baseline.yaml")).Scenario;
        var plan = new MergerPlan(baseline.Population, baseline.Horizon, baseline.Mergers);
        int[] aprils = [.. Enumerable.Range(2015, 7).Select(y => plan.Existing[baseline.Horizon.IndexOf(new Quarter(y, 1))])];

        Assert.Equal([209, 209, 207, 195, 191, 135, 106], aprils);
        // NHS Manchester (14L) formed in April 2017 from Central (00W), North (01M) and South (01N) Manchester.
        var manchester = Assert.Single(baseline.Mergers.Mergers, m => m.Effective == new Quarter(2017, 1));
        Assert.Equal(["00W", "01M", "01N"], manchester.Members.Select(c => baseline.Population.Ccgs[c].Code).Order());
        Assert.Equal(baseline.Population.Ccgs.Sum(c => (long)c.RegisteredPatients), Enumerable.Range(0, 209).Sum(c => (long)plan.Patients[27 * 209 + c]));
    }

    [Fact]
    public void The_baseline_takes_deprivation_and_legal_directions_from_public_data()
    {
        var ccgs = Fixture.Loader.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "baseline.yaml")).Scenario.Population.Ccgs;
        var deprivation = ccgs.Select(c => c.Deprivation!.Value).ToArray();

        Assert.InRange(deprivation.Average(), -1e-9, 1e-9);
        Assert.Equal("NHS Bradford City", ccgs.MaxBy(c => c.Deprivation)!.Name);
        Assert.True(ccgs.Single(c => c.Name == "NHS Surrey Downs").LegalDirections);
        Assert.Equal(11, ccgs.Count(c => c.LegalDirections == true));
    }

    [Fact]
    public void A_bad_merger_or_attribute_file_is_reported_at_its_line_and_column()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("ccgs.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA,NHS A,F,R,10\nB,NHS B,F,R,20\n");
        dir.Write("mergers.csv", "ods_code_2015,ods_2016\nA,AB\nZ,AB\n");
        dir.Write("attributes.csv", "ods_code,imd2015_avg_score,legal_directions_2015\nA,12.5,0\nB,x,2\n");
        var path = dir.Write("s.yaml", "name: s\npopulation:\n  ccgs: ccgs.csv\n  mergers: { file: mergers.csv }\n  attributes: attributes.csv\n");

        var errors = Assert.Throws<ScenarioException>(() => Fixture.Loader.Load(path)).Errors.Select(e => (Path.GetFileName(e.File), e.Line, e.Column, e.Message.Split(';')[0])).ToArray();

        Assert.Equal(
            [
                ("attributes.csv", 3, 2, "'x' is not a valid imd2015_avg_score"),
                ("attributes.csv", 3, 3, "'2' is not a valid legal_directions_2015"),
                ("mergers.csv", 3, 1, "unknown CCG 'Z'"),
            ],
            errors.Order());
    }

    [Fact]
    public void Two_ccgs_sharing_a_successor_merge_that_april_and_counts_merge_within_footprints()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("ccgs.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA,NHS A,F,R,10\nB,NHS B,F,R,20\nC,NHS C,G,R,5\n");
        dir.Write("mergers.csv", "ods_code_2015,ods_2016,ods_2017\nA,A,AB\nB,B,AB\nC,C,C\n");
        var file = Fixture.Loader.Load(dir.Write("f.yaml", "name: f\npopulation:\n  ccgs: ccgs.csv\n  mergers: { file: mergers.csv }\n")).Scenario;
        var counts = Fixture.Loader.Load(dir.Write("c.yaml", "name: c\npopulation:\n  ccgs: ccgs.csv\n  mergers: { counts: [{ at: 2017Q1, ccgs: 2 }] }\n")).Scenario;

        var merger = Assert.Single(file.Mergers.Mergers);
        Assert.Equal(new Quarter(2017, 1), merger.Effective);
        Assert.Equal([0, 1], merger.Members);
        Assert.Equal([0, 1], Assert.Single(counts.Mergers.Mergers).Members);
        Assert.Equal(2, new MergerPlan(counts.Population, counts.Horizon, counts.Mergers).Existing[8]);
    }

    [Fact]
    public void Mergers_can_be_switched_off_in_a_what_if()
    {
        var off = Fixture.Loader.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "baseline.yaml"), ["population.mergers.enabled=false"]).Scenario;

        Assert.Equal(MergerSchedule.None, off.Mergers);
    }

    [Fact]
    public void A_coefficient_added_to_the_table_is_read_by_the_binder_and_acts_in_the_model()
    {
        // One new entry: NHSE pressure acting on joining too. Nothing else changes.
        var extended = new CoefficientTable([.. CoefficientTable.Model.Specs,
            new CoefficientSpec("pressure_on_joining", UncertainValue.Fixed(0.0), Driver.Pressure, Moves.Join, "Weight of NHSE pressure on joining.")]);
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader("name: x\nbehaviour: { pressure_on_joining: 0.7 }"));
        var reader = new NodeReader(new Origins(new Origin(Fixture.File, AppContext.BaseDirectory)));
        var scenario = new ScenarioBinder(reader, Fixture.BundledCsv, extended).Bind(yaml.Documents[0].RootNode);

        Assert.Empty(reader.Errors);
        Assert.Equal(0.7, scenario.Behaviour["pressure_on_joining"].Mean);
        var b = scenario.Behaviour.Draw(1, 0, 1);
        // The joining move's linear predictor, as the decision sums it, with and without pressure.
        double Join(double pressure)
        {
            var x = default(DriverValues<double>);
            DecisionRule.Drivers<Model.Kernel.ScalarLanes, double, ulong>(ref x, Levels.GreaterInvolvement, 0, 0, 0, 0.5, 0.4, 0, 0, pressure, 0, 0, 0);
            return DecisionRule.Predictor<Model.Kernel.ScalarLanes, double, ulong>(Model.Kernel.Lanes.Mask(true), extended.Terms[0], x, ref b[0], 1, 0);
        }
        Assert.Equal(0.7, Join(1) - Join(0), 12);
        Assert.Contains("| `behaviour.pressure_on_joining` | coefficient | 0 | Weight of NHSE pressure on joining. |", extended.ReferenceRows());
    }

    [Fact]
    public void Triangular_coefficient_samples_between_its_min_and_max_around_its_mode()
    {
        var value = Fixture.Load("name: t\nbehaviour: { peer: { dist: triangular, min: 0, mode: 1, max: 10 } }").Behaviour["peer"];

        Assert.Equal(0, value.Sample(0), 9);
        Assert.Equal(10, value.Sample(1), 9);
        // P(X <= mode) = (mode - min) / (max - min) = 0.1.
        Assert.Equal(1, value.Sample(0.1), 9);
    }

    [Fact]
    public void Explicit_empty_windows_list_means_no_windows_and_null_mandate_means_none()
    {
        var policy = Fixture.Load("name: m\npolicy:\n  application_windows: []\n  mandate: null").Policy;

        Assert.Empty(policy.Windows);
        Assert.Null(policy.Mandate);
    }

    [Fact]
    public void Omitted_fields_inside_a_section_keep_their_defaults()
    {
        var a = Fixture.Load("name: m\npopulation:\n  finance: { mean: -1 }\n  capacity: { sd: 0.3 }").Assumptions;

        Assert.Equal(FinanceAssumptions.Default with { Mean = -1 }, a.Finance);
        Assert.Equal(CapacityAssumptions.Default with { Sd = 0.3 }, a.Capacity);
    }

    [Fact]
    public void Regional_delegated_counts_use_the_bundled_region_names()
    {
        var start = Fixture.Load("""
            name: observed
            population:
              start: { level1: 59, level2: 87, level3: 63 }
              level3_by_region: { "North of England": 24, "Midlands and East of England": 20, "South of England": 14, "London": 5 }
            """).Assumptions.Start;

        Assert.Equal(63, start.Level3);
        Assert.Equal(24, start.Level3ByRegion!["North of England"]);
    }

    [Fact]
    public void Scenario_file_on_disk_resolves_its_CCG_file_relative_to_its_folder()
    {
        using var dir = new Fixture.TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "data"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "scenarios"));
        dir.Write("data/few.csv", "ods_code,name,area_team,region,registered_patients_2015q1\nA,NHS A,F,R,10\nB,NHS B,F,R,20\n");
        var path = dir.Write("scenarios/few.yaml", "name: few\npopulation:\n  ccgs: ../data/few.csv\n  start: { level1: 1, level2: 0, level3: 1 }\n");

        var loaded = Fixture.Loader.Load(path);

        Assert.Equal(["A", "B"], loaded.Scenario.Population.Ccgs.Select(c => c.Code));
        Assert.Equal(path, loaded.SourcePath);
    }

    [Fact]
    public void Missing_scenario_file_is_reported_without_a_position()
    {
        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.Load("nowhere/base.yaml")).Errors);

        Assert.Equal(("nowhere/base.yaml", 0, 0), (error.File, error.Line, error.Column));
        Assert.StartsWith("file not found", error.Message);
    }
}
