namespace UptakeSim.Model;

/// <summary>Co-commissioning levels; stored as bytes 1..3 in batch state arrays.</summary>
public static class Levels
{
    public const byte GreaterInvolvement = 1;
    public const byte Joint = 2;
    public const byte Delegated = 3;
    public const int Count = 3;

    public static string Name(int level) => level switch
    {
        1 => "greater involvement",
        2 => "joint",
        3 => "delegated",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
