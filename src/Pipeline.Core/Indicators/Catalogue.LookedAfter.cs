namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private static IEnumerable<IndicatorDefinition> LookedAfter() => [];
}
