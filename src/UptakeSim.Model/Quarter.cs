using System.Globalization;

namespace UptakeSim.Model;

/// <summary>
/// A quarter of the NHS financial year: <c>2015Q1</c> is April-June 2015, <c>2015Q4</c> is January-March 2016.
/// The one quarter type of every input (scenarios, observations) and output, written and parsed one way.
/// </summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    /// <summary>The years a quarter may be written with; a bound so every quarter has a calendar date.</summary>
    public const int MinYear = 1900, MaxYear = 2999;

    public int Ordinal => Year * 4 + (Number - 1);

    /// <summary>The first day of the quarter (2015Q1 starts on 1 April 2015).</summary>
    public DateOnly Start => Number == 4 ? new DateOnly(Year + 1, 1, 1) : new DateOnly(Year, 3 * Number + 1, 1);

    public static Quarter FromOrdinal(int ordinal) => new(ordinal / 4, ordinal % 4 + 1);

    public Quarter Plus(int quarters) => FromOrdinal(Ordinal + quarters);

    public int CompareTo(Quarter other) => Ordinal.CompareTo(other.Ordinal);

    public static bool operator <(Quarter left, Quarter right) => left.Ordinal < right.Ordinal;

    public static bool operator <=(Quarter left, Quarter right) => left.Ordinal <= right.Ordinal;

    public static bool operator >(Quarter left, Quarter right) => left.Ordinal > right.Ordinal;

    public static bool operator >=(Quarter left, Quarter right) => left.Ordinal >= right.Ordinal;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}Q{Number}");

    /// <summary>Exactly as <see cref="ToString"/> writes it: four digits (a year from <see cref="MinYear"/> to
    /// <see cref="MaxYear"/>), 'Q' and a digit 1-4.</summary>
    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is not { Length: 6 } || text[4] != 'Q' || text[5] is < '1' or > '4') return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < MinYear or > MaxYear) return false;
        quarter = new Quarter(year, text[5] - '0');
        return true;
    }

    public static Quarter Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not a quarter like 2015Q1");
}

/// <summary>The simulated period: the first quarter and how many quarters follow it (inclusive).</summary>
public sealed record Horizon(Quarter Start, int Quarters)
{
    public static Horizon Default { get; } = new(new Quarter(2015, 1), 28);

    public Quarter this[int index] => Start.Plus(index);

    public Quarter Last => Start.Plus(Quarters - 1);

    /// <summary>Index of <paramref name="quarter"/> within the horizon, or -1 when outside it.</summary>
    public int IndexOf(Quarter quarter)
    {
        var index = quarter.Ordinal - Start.Ordinal;
        return index >= 0 && index < Quarters ? index : -1;
    }

    public string Label(int index) => this[index].ToString();
}
