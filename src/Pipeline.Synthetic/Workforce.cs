namespace Pipeline.Synthetic;

/// <summary>The kinds of team a council's children's social care is organised into.</summary>
internal enum TeamKind
{
    FrontDoor,
    Assessment,
    HelpAndProtection,
    DisabledChildren,
    ChildrenInCare,
    CareLeavers,
    Reviewing,
}

internal sealed class Team
{
    public required int Index { get; init; }
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required TeamKind Kind { get; init; }
    public required long ParentId { get; init; }
    public required string ParentName { get; init; }
    public int Manager { get; set; } = -1;
    public List<int> Members { get; } = [];
    public double[] CumulativeWeight { get; set; } = [];
}

internal sealed class Worker
{
    public required int Index { get; init; }
    public required long Id { get; init; }
    public required int Team { get; init; }
    public required string Name { get; init; }
    public required string? Registration { get; init; }
    public required string JobTitle { get; init; }
    public required double Fte { get; init; }
    public required bool Agency { get; init; }
    public required double Weight { get; init; }

    /// <summary>Involvements open on the census date (the previous 30 September), for prof_professional_caseload.</summary>
    public int CensusCaseload { get; set; }
}

/// <summary>
/// Teams and workers, sized from the population so that average caseloads at as_at land around 17 children
/// per case-holding worker, and a chooser that hands cases to workers in proportion to skewed capacity
/// weights: that skew is what produces the tail of workers above 25 that councils report.
/// </summary>
internal sealed class Workforce
{
    /// <summary>The caseload the establishment is sized for (seed 002: 16.2-16.5; seed 000: 17.5 after reductions).</summary>
    public const double TargetCaseload = 17.5;

    // Children holding an allocation in each kind of team at any time, per 10,000 children, measured from the
    // simulation itself (see the realism tests); staffing is sized from them.
    private static readonly Dictionary<TeamKind, double> OpenCasesPer10K = new()
    {
        [TeamKind.Assessment] = 55,
        [TeamKind.HelpAndProtection] = 165,
        [TeamKind.DisabledChildren] = 13,
        [TeamKind.ChildrenInCare] = 63,
    };

    private static readonly Weighted<string> SocialWorkerTitles = new(
        ("Social Worker", 50), ("Senior Social Worker", 25), ("Advanced Practitioner", 10), ("Newly Qualified Social Worker", 15));

    private static readonly double[] PartTimeFte = [0.5, 0.6, 0.7, 0.8, 0.9];

    private readonly List<Team> _teams = [];
    private readonly List<Worker> _workers = [];
    private readonly List<(long Id, string Name, long ParentId, string ParentName)> _serviceAreas = [];
    private readonly Dictionary<TeamKind, (int First, int Count)> _teamsByKind = [];

    public IReadOnlyList<Team> Teams => _teams;

    public IReadOnlyList<Worker> Workers => _workers;

    public static Workforce Build(int children, Prng rng)
    {
        var workforce = new Workforce();
        workforce.Create(children, rng);
        return workforce;
    }

    /// <summary>The team of a kind that covers a child's locality (a number in [0, 1) fixed per child).</summary>
    public Team TeamFor(TeamKind kind, double locality)
    {
        var (first, count) = _teamsByKind[kind];
        return _teams[first + Math.Min(count - 1, (int)(locality * count))];
    }

    /// <summary>A worker of the team, in proportion to capacity weight.</summary>
    public Worker PickWorker(Team team, Prng rng)
    {
        var weights = team.CumulativeWeight;
        var u = rng.NextDouble() * weights[^1];
        var i = Array.BinarySearch(weights, u);
        i = i < 0 ? ~i : i + 1;
        return _workers[team.Members[Math.Min(i, team.Members.Count - 1)]];
    }

    public Worker Manager(Team team) => _workers[team.Manager];

    public void WriteDepartments(TableWriter writer)
    {
        foreach (var (id, name, parentId, parentName) in _serviceAreas)
        {
            writer.Id(id).Text(name);
            if (parentId > 0)
            {
                writer.Id(parentId).Text(parentName);
            }
            else
            {
                writer.Empty().Empty();
            }

            writer.EndRow();
        }

        foreach (var team in _teams)
        {
            writer.Id(team.Id).Text(team.Name).Id(team.ParentId).Text(team.ParentName).EndRow();
        }
    }

    public void WriteProfessionals(TableWriter writer)
    {
        foreach (var worker in _workers)
        {
            writer.Id(worker.Id)
                .Raw("E", 100000 + worker.Index)
                .Text(worker.Name)
                .Text(worker.Registration)
                .Text(worker.JobTitle)
                .Int(worker.CensusCaseload)
                .Text(_teams[worker.Team].Name)
                .Number(worker.Fte, 1)
                .Flag(worker.Agency)
                .EndRow();
        }
    }

    private void Create(int children, Prng rng)
    {
        var scale = children / 10000.0;
        long nextDepartmentId = 1;

        long Area(string name, long parentId, string parentName)
        {
            var id = nextDepartmentId++;
            _serviceAreas.Add((id, name, parentId, parentName));
            return id;
        }

        const string Root = "Children's Services";
        var root = Area(Root, 0, "");
        var frontDoorArea = Area("Front Door and Assessment", root, Root);
        var protectionArea = Area("Help and Protection Service", root, Root);
        var disabledArea = Area("Disabled Children's Service", root, Root);
        var careArea = Area("Children in Care and Care Leavers", root, Root);
        var qualityArea = Area("Quality Assurance and Safeguarding", root, Root);

        // Team counts grow with the council: a county of 140,000 children has four assessment teams (seed 000),
        // the national run has hundreds.
        AddTeams(TeamKind.FrontDoor, "Front Door (MASH)", Count(children, 280000), frontDoorArea, "Front Door and Assessment");
        AddTeams(TeamKind.Assessment, "Assessment Team", Count(children, 35000), frontDoorArea, "Front Door and Assessment");
        AddTeams(TeamKind.HelpAndProtection, "Help and Protection", Count(children, 47000), protectionArea, "Help and Protection Service");
        AddTeams(TeamKind.DisabledChildren, "Disabled Children", Count(children, 140000), disabledArea, "Disabled Children's Service");
        AddTeams(TeamKind.ChildrenInCare, "Children in Care", Count(children, 70000), careArea, "Children in Care and Care Leavers");
        AddTeams(TeamKind.CareLeavers, "Care Leavers", Count(children, 140000), careArea, "Children in Care and Care Leavers");
        AddTeams(TeamKind.Reviewing, "Independent Reviewing Service", Count(children, 280000), qualityArea, "Quality Assurance and Safeguarding");

        var registrations = 0;
        var firstHelpTeam = _teamsByKind[TeamKind.HelpAndProtection].First;
        foreach (var team in _teams)
        {
            var members = team.Kind switch
            {
                TeamKind.FrontDoor => (int)Math.Round(scale * 1.2),
                TeamKind.CareLeavers => (int)Math.Round(scale * 10 / 22.0),
                TeamKind.Reviewing => (int)Math.Round(scale * 100 / 65.0),
                _ => (int)Math.Round(OpenCasesPer10K[team.Kind] * scale / TargetCaseload),
            };
            members = Math.Max(2, (int)Math.Round(members / (double)_teamsByKind[team.Kind].Count));

            team.Manager = AddWorker(team, "Team Manager", rng, ref registrations, weight: 0);
            var weights = new double[members];
            var total = 0.0;
            for (var i = 0; i < members; i++)
            {
                var (title, registered) = team.Kind switch
                {
                    TeamKind.CareLeavers => ("Personal Adviser", false),
                    TeamKind.Reviewing => ("Independent Reviewing Officer", true),
                    _ => (SocialWorkerTitles.Draw(rng), true),
                };

                // Capacity weights: part-time and newly qualified workers carry less, a small lognormal spread
                // stands in for everything else that makes caseloads uneven, and a few workers (at least one
                // per council) are covering a vacant post as well as their own: they make the tail above 25.
                var fte = rng.Chance(0.2) ? rng.Pick(PartTimeFte) : 1.0;
                var weight = fte * rng.LogNormal(1.0, 0.12) * (title.StartsWith("Newly", StringComparison.Ordinal) ? 0.85 : 1.0);
                if (team.Kind == TeamKind.HelpAndProtection && (i == 0 ? team.Index == firstHelpTeam : rng.Chance(0.015)))
                {
                    fte = 1.0;
                    weight = 1.75;
                }
                var index = AddWorker(team, title, rng, ref registrations, weight, fte, registered);
                team.Members.Add(index);
                total += weight;
                weights[i] = total;
            }

            team.CumulativeWeight = weights;
        }

        void AddTeams(TeamKind kind, string name, int count, long parentId, string parentName)
        {
            _teamsByKind[kind] = (_teams.Count, count);
            for (var i = 1; i <= count; i++)
            {
                var numbered = count > 1 || kind is TeamKind.Assessment or TeamKind.HelpAndProtection or TeamKind.ChildrenInCare;
                _teams.Add(new Team
                {
                    Index = _teams.Count,
                    Id = nextDepartmentId++,
                    Name = numbered ? $"{name} {i}" : name,
                    Kind = kind,
                    ParentId = parentId,
                    ParentName = parentName,
                });
            }
        }
    }

    private int AddWorker(Team team, string title, Prng rng, ref int registrations, double weight, double fte = 1.0, bool registered = true)
    {
        var index = _workers.Count;
        string? registration = null;
        if (registered)
        {
            // A full-period multiplicative step over 900,000 numbers gives distinct, scattered SWE numbers.
            registration = "SW" + (100000 + ((registrations++ * 7919L) + 40507) % 900000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _workers.Add(new Worker
        {
            Index = index,
            Id = index + 1,
            Team = team.Index,
            Name = Names.Forenames[rng.Below(Names.Forenames.Count)] + " " + Names.Surnames[rng.Below(Names.Surnames.Count)],
            Registration = registration,
            JobTitle = title,
            Fte = fte,
            Agency = title != "Personal Adviser" && rng.Chance(title == "Team Manager" ? 0.12 : 0.22),
            Weight = weight,
        });
        return index;
    }

    private static int Count(int children, int childrenPerTeam) => Math.Max(1, (int)Math.Round(children / (double)childrenPerTeam));
}
