namespace Pipeline.Synthetic;

/// <summary>
/// Made-up names for children and workers. Every one is at least six letters and matches no English word or
/// common name, so a test can search any output (logs, quarantine, Parquet) for them and never get a false hit:
/// finding one means a name leaked past the reader, which the contract forbids.
/// </summary>
public static class Names
{
    public static IReadOnlyList<string> Forenames { get; } =
    [
        "Quillon", "Zephyrine", "Orvandel", "Vexmira", "Talwythe", "Brisolde", "Calyxtra", "Dravenna",
        "Elowrith", "Fennrike", "Gwynthor", "Halcyrae", "Ithrandel", "Jovalith", "Kestravo", "Lunaveth",
        "Morwynne", "Nyxabelle", "Orsolwyn", "Pellanyx", "Quenvira", "Rhosyndra", "Sylvarath", "Tamsiriel",
        "Ulvaretta", "Vaelcrest", "Wystaria", "Xanthelle", "Yselwynn", "Zorvanna", "Aldricke", "Bexonia",
        "Corvalis", "Dunmorra", "Eskarine", "Faelwyth", "Grivelle", "Hestrova", "Ilvadora", "Jessamire",
        "Korvanth", "Lirazelle", "Mavrodine", "Nelvaris", "Ondrelle", "Pyravine", "Quorvelle", "Ravenquiste",
    ];

    public static IReadOnlyList<string> Surnames { get; } =
    [
        "Brackenholt", "Quillonby", "Thornwhistle", "Marrowdine", "Fenwythe", "Grimbleworth", "Hollowmere",
        "Ivorthwaite", "Jesperdane", "Kettlewyck", "Larkspurne", "Mossingdale", "Nettlecrom", "Oakhaverly",
        "Pemberwyck", "Quarrendyle", "Rookensby", "Saltherwick", "Tumblecroft", "Umbravelle", "Vantershall",
        "Wyckenhurst", "Yarrowmoor", "Zanderholt", "Ashvernley", "Birchquorne", "Cindervale", "Dewhallow",
        "Elderwyke", "Foxglenning", "Gorsebrook", "Heronskelde", "Inglewyth", "Juniperwald", "Kingsfoldy",
        "Lindqvarr", "Mirrowfield", "Northwhyle", "Orchardyne", "Pillowmarsh", "Quaystrand", "Ravelthorpe",
        "Sparrowdyke", "Thistlebury", "Underwhorl", "Vellacotte", "Wintercomb", "Yelverstoke",
    ];
}
