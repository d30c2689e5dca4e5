using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using UptakeSim.Model;

namespace UptakeSim.Engine.Tests;

/// <summary>What travels between silos and the client: a batch's trajectories in Orleans' binary encoding (its own
/// surrogate), every other model type as JSON.</summary>
public class WireFormatTests
{
    private static Serializer Serializer()
    {
        var services = new ServiceCollection();
        OrleansConfiguration.AddModelSerialization(services);
        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    }

    [Fact]
    public void A_batchs_trajectories_cross_the_wire_whole_and_not_as_json()
    {
        var counts = Enumerable.Range(0, 3 * 4 * 3 * Levels.Count).Select(i => i * 7 % 200).ToArray();
        var patients = Enumerable.Range(0, 3 * 4).Select(i => 1000 - i * 37).ToArray();
        var ccgLevels = Enumerable.Range(0, 5 * 4 * (Levels.Count + 1)).Select(i => i % 4).ToArray();
        var sent = new BatchTrajectories(500, 3, 4, 2, 5, counts, patients, ccgLevels);
        var serializer = Serializer();

        var bytes = serializer.SerializeToArray(sent);
        var received = serializer.Deserialize<BatchTrajectories>(bytes)!;

        Assert.Equal(ccgLevels, received.CcgLevels);
        Assert.Equal((500, 3, 4, 2), (received.FirstReplication, received.Replications, received.Quarters, received.Regions));
        Assert.Equal(counts, received.Counts);
        Assert.Equal(patients, received.PatientsDelegated);
        // JSON would name the properties; the surrogate's fields go by number.
        Assert.DoesNotContain("Counts", Encoding.Latin1.GetString(bytes));
        Assert.DoesNotContain("PatientsDelegated", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Other_model_types_still_travel_as_json()
    {
        var serializer = Serializer();
        var snapshot = new WorldSnapshot(2, 1, 1);
        snapshot.DelegatedNational[1] = 5;

        var bytes = serializer.SerializeToArray(snapshot);

        Assert.Contains("DelegatedNational", Encoding.Latin1.GetString(bytes));
    }
}
