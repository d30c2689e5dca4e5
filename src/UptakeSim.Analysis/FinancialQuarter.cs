namespace UptakeSim.Analysis;

/// <summary>An NHS financial-year quarter written like 2015Q1: Q1 is April-June of 2015, Q4 January-March of 2016.</summary>
public readonly record struct FinancialQuarter(int Year, int Number)
{
    /// <summary>The first day of the quarter (2015Q1 starts on 1 April 2015).</summary>
    public DateOnly Start => Number == 4 ? new DateOnly(Year + 1, 1, 1) : new DateOnly(Year, 3 * Number + 1, 1);

    /// <summary>Accepts exactly four digits, 'Q' and a digit 1-4.</summary>
    public static bool TryParse(string text, out FinancialQuarter quarter)
    {
        quarter = default;
        if (text.Length != 6 || text[4] != 'Q' || text[5] is < '1' or > '4' || !text[..4].All(char.IsAsciiDigit)) return false;
        quarter = new FinancialQuarter(int.Parse(text[..4], System.Globalization.CultureInfo.InvariantCulture), text[5] - '0');
        return true;
    }

    public static FinancialQuarter Parse(string text) =>
        TryParse(text, out var quarter) ? quarter : throw new FormatException($"'{text}' is not a quarter; expected a financial-year quarter like 2015Q1");

    public override string ToString() => $"{Year:D4}Q{Number}";
}
