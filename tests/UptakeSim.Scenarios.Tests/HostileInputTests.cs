namespace UptakeSim.Scenarios.Tests;

/// <summary>Inputs that once crashed, hung, exhausted memory or echoed another file: each is now one located error.</summary>
public class HostileInputTests
{
    private static readonly string Laughs =
        "&a [x, x, x, x, x, x, x, x, x, x]" + string.Concat(Enumerable.Range(1, 8).Select(n => $", &{(char)('a' + n)} [{string.Join(", ", Enumerable.Repeat($"*{(char)('a' + n - 1)}", 10))}]"));

    [Theory]
    [InlineData("name: x\nsweep:\n  ? [a, b]\n  : [1, 2]\n", 3, 5, "a sequence used as a key; expected a name as each key of a mapping")]
    [InlineData("name: x\ncalibration:\n  free:\n    ? [a]\n    : { min: 0, max: 1 }\n", 4, 7, "a sequence used as a key; expected a name as each key of a mapping")]
    [InlineData("name: x\nbehaviour: &b { peer: *b }\n", 2, 23, "the alias *b is inside the node it refers to; expected an alias to a complete node")]
    [InlineData("name: x\nbehaviour: { peer: *nowhere }\n", 2, 20, "the alias *nowhere has no anchor before it; expected &nowhere on an earlier node")]
    [InlineData("name: x\nbehaviour:\n\tpeer: 1\n", 3, 1, "a tab in the indentation; expected spaces (YAML does not allow tabs for indentation)")]
    [InlineData("name: x\npopulation:\n  synthetic: { count: 2000000000, regions: 1, footprints: 1 }\n", 3, 23,
        "2000000000 is out of range for 'population.synthetic.count'; expected a whole number from 1 to 10000")]
    [InlineData("name: x\npopulation:\n  synthetic: { count: 500, regions: 101, footprints: 200 }\n", 3, 37,
        "101 is out of range for 'population.synthetic.regions'; expected a whole number from 1 to 100")]
    [InlineData("name: x\nsweep:\n  behaviour.pressure: { from: 1e-300, to: 1e300, step: 1e-300 }\n", 3, 23,
        "the range for sweep 'behaviour.pressure' has Infinity values; expected at most 1000")]
    [InlineData("name: x\nsweep:\n  behaviour.pressure: { from: 0, to: 1, step: 0.1 }\n  policy.support: { from: 0, to: 1, step: 0.01 }\n", 3, 3,
        "the sweep expands to more than 1000 scenarios (11 x 101); expected at most 1000")]
    [InlineData("name: \"baseline\\n\"\n", 1, 7, "'baseline\\n' is not valid for 'name'; expected a name of 1 to 64 letters")]
    [InlineData("name: x\ndescription: \"\\e[31mred\"\n", 2, 14, "a control character in '\\u001B[31mred'; expected printable text")]
    public void Hostile_yaml_is_one_located_error(string yaml, int line, int column, string message)
    {
        var error = Fixture.SingleError(yaml);

        Assert.Equal((Fixture.File, line, column), (error.File, error.Line, error.Column));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Format_characters_are_accepted_in_text_and_escaped_in_errors()
    {
        var scenario = Fixture.Load("name: x\ndescription: \"co\u00ADcommissioning \u200D\"\n");
        var error = Fixture.SingleError("name: x\nruns: \"\u202E5\"\n");

        Assert.Equal("co\u00ADcommissioning \u200D", scenario.Description);
        Assert.Equal("the quoted string '\\u202E5' is not valid for 'runs'; expected a whole number from 1 to 10000000", error.Message);
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    public void Sixty_thousand_nested_brackets_stop_at_the_nesting_limit(char open)
    {
        var nested = open == '[' ? new string('[', 60_000) + new string(']', 60_000) : string.Concat(Enumerable.Repeat("{a: ", 60_000)) + "1" + new string('}', 60_000);

        var error = Fixture.SingleError($"name: x\nbehaviour: {nested}\n");

        var column = open == '[' ? 12 + InputLimits.MaxNestingDepth - 1 : 12 + 4 * (InputLimits.MaxNestingDepth - 1);
        Assert.Equal((2, column), (error.Line, error.Column));
        Assert.Equal("nesting deeper than 32 levels; expected at most 32 nested mappings and sequences", error.Message);
    }

    [Fact]
    public void An_alias_bomb_in_a_sweep_stops_at_the_node_limit()
    {
        var error = Fixture.SingleError($"name: x\nsweep:\n  behaviour.pressure: [{Laughs}]\n");

        Assert.Equal(3, error.Line);
        Assert.Equal($"the document grows past {InputLimits.MaxYamlNodes} nodes here (aliases expanded); expected at most {InputLimits.MaxYamlNodes}", error.Message);
    }

    [Fact]
    public void An_alias_bomb_in_a_base_file_is_reported_in_the_base_file()
    {
        using var dir = new Fixture.TempDir();
        var bomb = dir.Write("bomb.yaml", $"name: b\nlaughs: [{Laughs}]\n");
        var scenario = dir.Write("s.yaml", "base: bomb.yaml\nname: s\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(scenario)).Errors);

        Assert.Equal((bomb, 2), (error.File, error.Line));
        Assert.StartsWith($"the document grows past {InputLimits.MaxYamlNodes} nodes", error.Message);
    }

    [Theory]
    [InlineData("base: /dev/zero", 1, 7, "base file '/dev/zero' is empty or not a regular file (a device or a pipe); expected a scenario YAML file")]
    [InlineData("population:\n  ccgs: /dev/zero", 0, 0, "file is empty or not a regular file (a device or a pipe); expected a CSV of CCGs")]
    [InlineData("population:\n  mergers: { file: /dev/zero }", 0, 0, "file is empty or not a regular file (a device or a pipe); expected a CSV of CCG successor codes")]
    [InlineData("population:\n  attributes: /dev/zero", 0, 0, "file is empty or not a regular file (a device or a pipe); expected a CSV of CCG attributes")]
    public void Devices_are_refused_without_being_read(string yaml, int line, int column, string message)
    {
        var error = Fixture.SingleError($"{yaml}\nname: x\n");

        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData("population:\n  mergers: { file: m.csv }", "ods_code_2015,ods_2016\n=HYPERLINK(1)\u0007,00C\n", "unknown CCG '=HYPERLINK(1)\\u0007'; expected an ods_code of the scenario's CCG list")]
    [InlineData("population:\n  attributes: m.csv", "ods_code,imd2015_avg_score\n00C,lots\n", "'lots' is not a valid imd2015_avg_score; expected a number")]
    public void Merger_and_attribute_files_are_read_like_every_input_with_printable_located_errors(string yaml, string csv, string message)
    {
        using var dir = new Fixture.TempDir();
        dir.Write("m.csv", csv);
        var scenario = dir.Write("s.yaml", $"{yaml}\nname: x\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(scenario)).Errors);

        Assert.Equal((Path.Combine(dir.Path, "m.csv"), 2, message), (error.File, error.Line, error.Message));
    }

    [Fact]
    public void A_link_to_a_device_is_refused_like_the_device()
    {
        using var dir = new Fixture.TempDir();
        var link = Path.Combine(dir.Path, "zero.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(link)).Errors);

        Assert.Equal($"{link}: file is empty or not a regular file (a device or a pipe); expected a scenario YAML file", error.ToString());
    }

    [Fact]
    public void A_base_file_that_is_not_a_scenario_is_not_echoed()
    {
        using var dir = new Fixture.TempDir();
        dir.Write("passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
        var scenario = dir.Write("s.yaml", "base: passwd\nname: s\n");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(scenario)).Errors);

        Assert.Equal("a single text value is not valid as a base scenario; expected a mapping of scenario keys", error.Message);
    }

    [Fact]
    public void A_chain_of_bases_longer_than_the_limit_is_refused_where_it_passes_the_limit()
    {
        using var dir = new Fixture.TempDir();
        for (var i = 0; i <= InputLimits.MaxBaseChain + 1; i++) dir.Write($"b{i}.yaml", $"base: b{i + 1}.yaml\nname: b{i}\n");
        var first = Path.Combine(dir.Path, "b0.yaml");

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(first)).Errors);

        Assert.Equal((Path.Combine(dir.Path, $"b{InputLimits.MaxBaseChain}.yaml"), 1, 7), (error.File, error.Line, error.Column));
        Assert.Equal($"base file 'b{InputLimits.MaxBaseChain + 1}.yaml' is base number 17 in a chain; expected at most 16 bases behind a scenario", error.Message);
    }

    [Fact]
    public void A_file_of_unknown_keys_lists_at_most_the_error_limit()
    {
        var yaml = "name: x\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"SECRET_{i}: value\n"));

        var errors = Fixture.Errors(yaml);

        Assert.Equal(InputLimits.MaxErrors + 1, errors.Count);
        Assert.Equal((InputLimits.MaxErrors + 2, "150 more problems not listed; expected at most 50 (fix those above first)"), (errors[^1].Line, errors[^1].Message));
    }

    [Fact]
    public void Binary_oversized_and_folder_paths_are_refused_for_the_whole_file_or_at_the_bad_byte()
    {
        using var dir = new Fixture.TempDir();
        var binary = Path.Combine(dir.Path, "binary.yaml");
        File.WriteAllBytes(binary, [.. "name: x\nruns: "u8, 0xC3, 0x28, 0x00]);
        var large = Path.Combine(dir.Path, "large.yaml");
        using (var stream = File.Create(large)) stream.SetLength(InputLimits.MaxYamlFileBytes + 1L);

        string Error(string path) => Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadFamily(path)).Errors).ToString();

        Assert.Equal($"{binary}:2:7: byte 0xC3 is not UTF-8 text (a binary file?); expected a scenario YAML file as UTF-8 text", Error(binary));
        Assert.Equal($"{large}: file has {InputLimits.MaxYamlFileBytes + 1L} bytes; expected a scenario YAML file of at most {InputLimits.MaxYamlFileBytes} bytes", Error(large));
        Assert.Equal($"{dir.Path}: file is a folder; expected a scenario YAML file", Error(dir.Path));
    }

    [Fact]
    public void A_byte_order_mark_and_CRLF_line_ends_are_read_as_text()
    {
        using var dir = new Fixture.TempDir();
        var path = Path.Combine(dir.Path, "bom.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "name: bom\r\nruns: 7\r\npopulation:\r\n  synthetic: { count: 5, regions: 1, footprints: 1 }\r\n"u8]);

        var scenario = Fixture.Loader.Load(path).Scenario;

        Assert.Equal(("bom", 7), (scenario.Name, scenario.Runs));
    }

    [Fact]
    public void Overrides_are_held_to_the_same_limits()
    {
        var bomb = Fixture.SingleError("name: x", $"behaviour.pressure=[{Laughs}]");
        var long_ = Fixture.SingleError("name: x", $"description={new string('d', InputLimits.MaxOverrideChars)}");

        Assert.Equal($"--set {InputText.Printable($"behaviour.pressure=[{Laughs}]", InputLimits.MaxQuotedChars)}", bomb.File);
        Assert.StartsWith($"the document grows past {InputLimits.MaxYamlNodes} nodes", bomb.Message);
        Assert.Equal(("--set", $"override 'description={new string('d', InputLimits.MaxQuotedChars - "description=".Length)}...': 4108 characters long; expected at most {InputLimits.MaxOverrideChars}"),
            (long_.File, long_.Message));
    }

    [Fact]
    public void Swept_values_that_are_not_plain_words_are_named_by_position_and_long_member_names_are_refused()
    {
        var family = Fixture.Loader.LoadTextFamily(
            "name: s\npopulation:\n  synthetic: { count: 5, regions: 1, footprints: 1 }\nsweep:\n  policy.pressure: [1, [{ at: 2016Q1, value: 1 }]]\n",
            Fixture.File, AppContext.BaseDirectory);
        var tooLong = Assert.Single(Assert.Throws<ScenarioException>(() => Fixture.Loader.LoadTextFamily(
            $"name: {new string('n', 64)}\nsweep:\n  behaviour.intercepts.delegate_from_level1: [-3.1, -3.2]\n  behaviour.intercepts.delegate_from_level2: [-2.9, -3]\n  behaviour.experience: [0.123456789, 0.2]\n  policy.support: [0.1, 0.2]\n",
            Fixture.File, AppContext.BaseDirectory)).Errors);

        Assert.Equal(["s[policy.pressure=1]", "s[policy.pressure=#2]"], family.Select(f => f.Scenario.Name));
        Assert.Equal((Fixture.File, 3, 3), (tooLong.File, tooLong.Line, tooLong.Column));
        Assert.EndsWith("expected names of at most 200 characters (sweep fewer keys or shorten the name)", tooLong.Message);
    }

    [Theory]
    [InlineData("A01,N,F,\"North\nEast\",100\n", 2, 4, "a control character or line break in region 'North\\nEast'; expected text on one line")]
    [InlineData("A01,N\u001b[2J,F,R,100\n", 2, 2, "a control character or line break in name 'N\\u001B[2J'; expected text on one line")]
    public void CCG_names_that_would_break_outputs_are_refused(string row, int line, int column, string message)
    {
        using var dir = new Fixture.TempDir();
        var path = dir.Write("ccgs.csv", CcgCsvTests.Header + row);

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => CcgCsv.Load(path)).Errors);

        Assert.Equal((line, column, message), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_CCG_list_with_more_regions_than_the_limit_is_refused_at_the_first_region_past_it()
    {
        using var dir = new Fixture.TempDir();
        var rows = Enumerable.Range(0, InputLimits.MaxRegions + 1).Select(i => $"C{i},N,F,R{i},100\n");
        var path = dir.Write("ccgs.csv", CcgCsvTests.Header + string.Concat(rows));

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => CcgCsv.Load(path)).Errors);

        Assert.Equal((InputLimits.MaxRegions + 2, 4, $"region 'R{InputLimits.MaxRegions}' is region number {InputLimits.MaxRegions + 1}; expected at most {InputLimits.MaxRegions} regions"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_CCG_list_longer_than_the_limit_is_refused_at_the_first_row_past_it()
    {
        using var dir = new Fixture.TempDir();
        var rows = Enumerable.Range(0, InputLimits.MaxCcgs + 1).Select(i => $"C{i},N,F,R,100\n");
        var path = dir.Write("ccgs.csv", CcgCsvTests.Header + string.Concat(rows));

        var error = Assert.Single(Assert.Throws<ScenarioException>(() => CcgCsv.Load(path)).Errors);

        Assert.Equal((InputLimits.MaxCcgs + 2, 1, $"more than {InputLimits.MaxCcgs} CCG rows; expected at most {InputLimits.MaxCcgs}"), (error.Line, error.Column, error.Message));
    }
}
