using UptakeSim.Analysis;

namespace UptakeSim.Analysis.Tests;

public class SobolSequenceTests
{
    // Convention: unscrambled, Gray-code order, point 0 all zeros (Joe and Kuo, SALib sobol_sequence, SciPy scramble=False).
    [Fact]
    public void First_points_of_dimensions_1_to_3_are_the_published_ones()
    {
        var points = SobolSequence.Generate(8, 3);

        Assert.Equal([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125], points.Select(p => p[0]));
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625], points.Select(p => p[1]));
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375], points.Select(p => p[2]));
    }

    // Expected values from SALib's sobol_sequence.sample(2048, 128) (the same Joe-Kuo table, its own recurrence).
    [Theory]
    [InlineData(1000, 40, 0.4794921875)]
    [InlineData(1000, 64, 0.4462890625)]
    [InlineData(1000, 128, 0.5439453125)]
    [InlineData(1500, 40, 0.59130859375)]
    [InlineData(1500, 128, 0.47021484375)]
    [InlineData(2047, 64, 0.98876953125)]
    [InlineData(2047, 128, 0.02197265625)]
    public void High_dimensions_match_SALib(int index, int dimension, double expected)
    {
        var points = SobolSequence.Generate(index + 1, 128);

        Assert.Equal(expected, points[index][dimension - 1]);
    }

    [Fact]
    public void Skipping_starts_further_along_the_same_sequence()
    {
        var whole = SobolSequence.Generate(1100, 20);
        var tail = SobolSequence.Generate(76, 20, skip: 1024);

        Assert.Equal(whole[1024..], tail);
    }

    [Fact]
    public void Every_dimension_puts_one_of_the_first_1024_points_in_each_1024th_of_the_unit_interval()
    {
        var points = SobolSequence.Generate(1024, SobolSequence.MaxDimensions);

        Assert.True(SobolSequence.MaxDimensions >= 40);
        Assert.All(points.SelectMany(p => p), x => Assert.InRange(x, 0.0, Math.BitDecrement(1.0)));
        for (var d = 0; d < SobolSequence.MaxDimensions; d++)
        {
            Assert.Equal(Enumerable.Range(0, 1024), points.Select(p => (int)(p[d] * 1024)).Order());
        }
    }
}
