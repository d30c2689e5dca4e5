namespace UptakeSim.Model;

/// <summary>One point of a lever's schedule: from <see cref="At"/> the lever has <see cref="Value"/>; with
/// <see cref="Ramp"/> it gets there linearly from the previous point instead of stepping.</summary>
public sealed record SchedulePoint(Quarter At, double Value, bool Ramp = false);

/// <summary>A time-varying policy lever: steps and linear ramps by quarter. Before the first point it is <see cref="Initial"/>.</summary>
public sealed record Schedule(IReadOnlyList<SchedulePoint> Points, double Initial = 0)
{
    public static Schedule Constant(double value) => new([], value);

    public double[] Resolve(Horizon horizon)
    {
        var values = new double[horizon.Quarters];
        for (var i = 0; i < values.Length; i++) values[i] = ValueAt(horizon[i]);
        return values;
    }

    public double ValueAt(Quarter quarter)
    {
        var value = Initial;
        var previousAt = int.MinValue;
        var previousValue = Initial;
        foreach (var point in Points)
        {
            var at = point.At.Ordinal;
            if (quarter.Ordinal >= at)
            {
                value = point.Value;
            }
            else
            {
                if (point.Ramp && previousAt != int.MinValue)
                {
                    var fraction = (double)(quarter.Ordinal - previousAt) / (at - previousAt);
                    value = previousValue + (point.Value - previousValue) * fraction;
                }
                break;
            }
            previousAt = at;
            previousValue = point.Value;
        }
        return value;
    }
}
