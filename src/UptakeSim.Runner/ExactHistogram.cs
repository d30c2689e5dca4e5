namespace UptakeSim.Runner;

/// <summary>
/// Exact counts of integer values (CCGs at a level, a paired difference, a share in tenths of a percent), with their
/// number and sum, kept only over the range of values seen: a cell's values across thousands of replications span a
/// few dozen of the hundreds possible, so a comparison of a thousand scenarios stays small. Means and nearest-rank
/// percentiles are exact whatever the order in which values arrive.
/// </summary>
public sealed class ExactHistogram
{
    private long[] _bins = [];
    private int _lowest;

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public void Add(int value)
    {
        var i = value - _lowest;
        if ((uint)i >= (uint)_bins.Length) i = Grow(value);
        _bins[i]++;
        Count++;
        Sum += value;
    }

    /// <summary>Makes room for <paramref name="value"/>, with some to spare either side; returns its bin.</summary>
    private int Grow(int value)
    {
        if (_bins.Length == 0)
        {
            _bins = new long[8];
            _lowest = value - 4;
            return 4;
        }
        var lowest = Math.Min(_lowest, value);
        var highest = Math.Max(_lowest + _bins.Length - 1, value);
        var spare = Math.Max(4, (highest - lowest + 1) / 2);
        var newLowest = value < _lowest ? lowest - spare : lowest;
        var bins = new long[highest - newLowest + 1 + (value < _lowest ? 0 : spare)];
        Array.Copy(_bins, 0, bins, _lowest - newLowest, _bins.Length);
        (_bins, _lowest) = (bins, newLowest);
        return value - _lowest;
    }

    /// <summary>Mean and nearest-rank percentiles.</summary>
    public Band Band() => Runner.Band.FromHistogram(_bins, Sum, Count, _lowest);

    /// <summary>How many values are equal to <paramref name="value"/>.</summary>
    public long this[int value] => value - _lowest is var i && (uint)i < (uint)_bins.Length ? _bins[i] : 0;

    /// <summary>Saves the exact state: the lowest value held, the number of bins, the bins.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_lowest);
        writer.Write(_bins.Length);
        foreach (var count in _bins) writer.Write(count);
    }

    /// <summary>Reads a state saved by <see cref="WriteTo"/> whose values must lie in [<paramref name="min"/>,
    /// <paramref name="max"/>]; returns what is wrong with it (out of range, negative counts, an overflowing sum), or null.</summary>
    public string? ReadFrom(BinaryReader reader, int min, int max)
    {
        var lowest = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (length < 0 || length > max - (long)min + 1 + 16) return "a histogram wider than its values can be";
        var bins = new long[length];
        long count = 0, sum = 0;
        try
        {
            for (var i = 0; i < length; i++)
            {
                var n = bins[i] = reader.ReadInt64();
                if (n < 0) return "a negative count";
                if (n > 0 && (lowest + (long)i < min || lowest + (long)i > max)) return "a value out of range";
                checked
                {
                    count += n;
                    sum += n * (lowest + i);
                }
            }
        }
        catch (OverflowException)
        {
            return "counts that overflow";
        }
        (_bins, _lowest, Count, Sum) = (bins, lowest, count, sum);
        return null;
    }

    /// <summary>The largest state <see cref="WriteTo"/> writes for values in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long MaxStateBytes(int min, int max) => 8 + 8L * (max - (long)min + 1 + 16);
}
