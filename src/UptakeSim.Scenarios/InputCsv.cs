using CsvHelper;

namespace UptakeSim.Scenarios;

/// <summary>
/// An input CSV (RFC 4180, comma-separated, a header row) read as every input is (<see cref="InputFile"/>) and held
/// to <see cref="InputLimits"/>: columns in the header, rows. Problems are <see cref="ScenarioError"/>s at
/// file:line:column, the column being the 1-based field number; malformed quoting and the row limit are collected
/// in <see cref="Errors"/> alongside the caller's own.
/// </summary>
public sealed class InputCsv : IDisposable
{
    private readonly CsvReader _csv;
    private readonly int _maxRows;
    private readonly string _rowsName;
    private readonly Dictionary<int, int> _firstLineOfCcg = [];
    private int _rows;

    private InputCsv(string path, CsvReader csv, List<ScenarioError> errors, int maxRows, string rowsName)
    {
        (Path, _csv, Errors, _maxRows, _rowsName) = (path, csv, errors, maxRows, rowsName);
        Headers = [.. csv.Headers];
    }

    /// <param name="expected">What the file should be, e.g. "a CSV of CCGs".</param>
    /// <param name="expectedHeader">What a file without a header row lacks, e.g. "expected a header row with columns ...".</param>
    /// <param name="maxRows">The row limit, and <paramref name="rowsName"/> what the rows are ("CCG rows").</param>
    /// <param name="errorAt">Where a problem with the file as a whole (a device, a pipe, too large) is reported: by
    /// default the file, or the place that named it.</param>
    public static InputCsv Open(string path, string expected, string expectedHeader, int maxRows, string rowsName, Func<string, ScenarioError>? errorAt = null) =>
        FromText(InputFile.ReadText(path, path, "file", expected, InputLimits.MaxCsvFileBytes, errorAt ?? (message => new ScenarioError(path, 0, 0, message))),
            path, expectedHeader, maxRows, rowsName);

    /// <summary>A CSV already read (e.g. from a checkpoint), named <paramref name="path"/> in errors.</summary>
    public static InputCsv FromText(string text, string path, string expectedHeader, int maxRows, string rowsName)
    {
        var errors = new List<ScenarioError>();
        var options = CsvReaderOptions.Default with
        {
            // Detecting the separator could pick another one in a file with few columns.
            Separator = ',',
            TrackLineNumbers = true,
            OnMalformedRecord = bad => errors.Add(new ScenarioError(path, (int)bad.LineNumber, 0, $"malformed CSV ({bad.Reason}); expected RFC 4180 quoting")),
        };
        var csv = CsvReader.FromText(text, options);
        var columns = csv.Headers.Count;
        var headers = csv.Headers.Select(h => h.Trim()).ToArray();
        var repeated = Enumerable.Range(0, columns).Where(i => Array.IndexOf(headers, headers[i]) < i)
            .Select(i => new ScenarioError(path, 1, i + 1, $"column {InputText.Quote(headers[i])} appears twice (first as column {Array.IndexOf(headers, headers[i]) + 1}); expected each column once")).ToArray();
        if (columns is > 0 and <= InputLimits.MaxCsvColumns && repeated.Length == 0) return new InputCsv(path, csv, errors, maxRows, rowsName);
        csv.Dispose();
        throw new ScenarioException(columns == 0 ? [new ScenarioError(path, 1, 1, $"empty file; {expectedHeader}")]
            : columns > InputLimits.MaxCsvColumns ? [new ScenarioError(path, 1, InputLimits.MaxCsvColumns + 1, $"the header has {columns} columns; expected at most {InputLimits.MaxCsvColumns}")]
            : repeated);
    }

    public string Path { get; }

    public IReadOnlyList<string> Headers { get; }

    public List<ScenarioError> Errors { get; }

    /// <summary>The 1-based line the current row starts on.</summary>
    public int Line => (int)_csv.LineNumber;

    public int FieldCount => _csv.FieldCount;

    public string this[int field] => _csv.GetString(field);

    /// <summary>Moves to the next row; false at the end, or past the row limit (which is then an error).</summary>
    public bool Read()
    {
        if (!_csv.Read()) return false;
        if (++_rows <= _maxRows) return true;
        Errors.Add(new ScenarioError(Path, Line, 1, $"more than {_maxRows} {_rowsName}; expected at most {_maxRows}"));
        return false;
    }

    /// <summary>
    /// The current row as a row about one CCG of <paramref name="ccgIndex"/> (ODS code to position), keyed by
    /// <paramref name="codeColumn"/>: false, with the problem recorded, when the row is short, names an unknown CCG or
    /// one an earlier row named.
    /// </summary>
    /// <param name="once">False for a file with several rows per CCG (one per year, say): repeats are then allowed.</param>
    public bool TryCcgRow(int codeColumn, IReadOnlyDictionary<string, int> ccgIndex, out int ccg, bool once = true)
    {
        ccg = -1;
        if (FieldCount < Headers.Count)
        {
            Error(FieldCount, $"row has {FieldCount} fields; expected {Headers.Count} as in the header");
            return false;
        }
        var code = this[codeColumn].Trim();
        if (!ccgIndex.TryGetValue(code, out ccg))
        {
            Error(codeColumn + 1, $"unknown CCG {InputText.Quote(code)}; expected an ods_code of the scenario's CCG list");
            return false;
        }
        if (!once || _firstLineOfCcg.TryAdd(ccg, Line)) return true;
        Error(codeColumn + 1, $"CCG {InputText.Quote(code)} appears twice (first on line {_firstLineOfCcg[ccg]}); expected each CCG once");
        return false;
    }

    /// <summary>Records a problem in the current row, at its 1-based field number.</summary>
    public void Error(int field, string message) => Errors.Add(new ScenarioError(Path, Line, field, message));

    public void Dispose() => _csv.Dispose();
}
