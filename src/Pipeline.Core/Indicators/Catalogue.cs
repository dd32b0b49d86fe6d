using System.Collections.Immutable;

namespace Pipeline.Indicators;

/// <summary>
/// The indicator catalogue: every figure the pipeline publishes, declared once with its definition, one
/// file per area (Catalogue.FrontDoor.cs, ...). Adding an indicator is a declaration there (with the tables and columns it
/// needs, from which the engine decides whether it is available) and a hand-worked test. The measures of the local extension
/// tables (Catalogue.Extensions.cs) follow the SSD ones of the area they belong to.
/// </summary>
public static partial class Catalogue
{
    // Areas are methods, not static fields, so the order static initialisers run across files cannot matter.
    public static readonly ImmutableArray<IndicatorDefinition> All =
    [
        .. FrontDoor(),
        .. FrontDoorDecisions(),
        .. ChildProtection(),
        .. ChildrenInNeed(),
        .. LookedAfter(),
        .. CareLeavers(),
        .. Workforce(),
        .. Supervisions(),
    ];

    public static IndicatorDefinition? Find(string id) => All.FirstOrDefault(i => i.Id == id);
}
