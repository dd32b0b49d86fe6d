using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Domain;
using Pipeline.Indicators;
using Pipeline.Quality;

namespace Pipeline.Publish.Dashboard;

/// <summary>
/// The performance dashboard: the page a scrutiny committee reads, one self-contained HTML file per snapshot
/// (styles and charts inline, no script, no font or image fetched), so it opens from a blob, a file share or an
/// email. The catalogue drives it: every indicator gets a row, a sentence, a trend and, when unavailable, its reason.
/// The same input gives the same bytes.
/// </summary>
/// <remarks>
/// Layout follows what councils show members today: a table per area with the last three complete months, the
/// rolling 12 months (flows) or 12-month average (point in time), England and statistical neighbours with their
/// year, the target, RAG and direction of travel; six-month trends, here thirteen; caseloads per team; the
/// sentences that explain it. RAG and direction are written as words and symbols as well as colours.
/// </remarks>
public static class DashboardPage
{
    /// <summary>Months in each trend line: the latest complete month and the twelve before it.</summary>
    public const int TrendMonths = 13;

    /// <summary>The team caseload table's indicators (seed 004's layout): average, range and workers over the threshold.</summary>
    public const string CaseloadAverage = "caseload_avg";
    public const string CaseloadMin = "caseload_min";
    public const string CaseloadMax = "caseload_max";
    public const string CaseloadOverThreshold = "caseload_over_25_count";

    private static readonly string[] CaseloadIndicators = [CaseloadAverage, CaseloadMin, CaseloadMax, CaseloadOverThreshold];

    public static byte[] Html(DashboardInput input) => Encoding.UTF8.GetBytes(Render(input));

    public static string Render(DashboardInput input)
    {
        var series = input.Catalogue.Select(i => IndicatorSeries.Of(i, input.Values, input.AsAt, input.ComparatorPeriods)).ToList();
        var months = series.SelectMany(s => s.Months.Select(m => m.PeriodEnd)).Distinct().Order().ToList();
        var page = new Page(input, series, months);
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Children's social care performance: ").Append(E(input.LaCode)).Append(", as at ").Append(DisplayFormat.Day(input.AsAt)).Append("</title>")
            .Append("<style>").Append(Styles.Css).Append("</style></head><body>");
        html.Append("<a class=\"skip\" href=\"#main\">Skip to the figures</a>");
        Header(html, page);
        html.Append("<main id=\"main\" tabindex=\"-1\">");
        Headline(html, page);
        Telling(html, page);
        Trends(html, page);
        Teams(html, page);
        QualityAndFreshness(html, page);
        Definitions(html, page);
        html.Append("</main><footer><p>Built by the pipeline from the published aggregates of snapshot ").Append(E(input.RunId))
            .Append(" (indicator_values, indicator_catalogue, dq_summary and the run manifest), code version ").Append(E(input.Freshness.CodeVersion))
            .Append(". No child-level data is used.</p></footer></body></html>");
        return html.ToString();
    }

    private sealed record Page(DashboardInput Input, List<IndicatorSeries> Series, List<DateOnly> Months)
    {
        public DateOnly? LatestMonth => Months.Count == 0 ? null : Months[^1];

        public List<DateOnly> HeadlineMonths => Months.TakeLast(3).ToList();

        public IEnumerable<IGrouping<string, IndicatorSeries>> Areas => Series.GroupBy(s => s.Indicator.Area);
    }

    private static void Header(StringBuilder html, Page page)
    {
        var input = page.Input;
        html.Append("<header><h1>Children's social care performance</h1><p class=\"lede\">").Append(E(input.LaCode)).Append(": figures as at <strong>")
            .Append(DisplayFormat.Day(input.AsAt)).Append("</strong>");
        if (page.LatestMonth is { } latest)
        {
            html.Append("; the latest complete month is <strong>").Append(DisplayFormat.Month(latest)).Append("</strong>");
        }

        html.Append(".</p>");
        // Freshness at a glance; the detail is in the data-quality section.
        var quarantined = input.Freshness.Files.Sum(f => f.RowsQuarantined);
        var errors = input.DqSummary.Where(r => r.Severity == "error").Sum(r => r.Count);
        html.Append("<p class=\"fresh\">Extract made ").Append(E(input.Freshness.ExtractedAt ?? "at a time its manifest does not state"))
            .Append("; ").Append(DisplayFormat.Count(quarantined)).Append(quarantined == 1 ? " row" : " rows").Append(" quarantined; ")
            .Append(DisplayFormat.Count(errors)).Append(errors == 1 ? " open data-quality error" : " open data-quality errors")
            .Append(". <a href=\"#quality\">Data quality and freshness</a>.</p>");
        if (input.Status != RunStatus.Published)
        {
            html.Append("<p class=\"banner\" role=\"note\"><strong>Not published:</strong> this snapshot was ").Append(E(input.Status))
                .Append(input.Reason is null ? "" : " (" + E(input.Reason) + ")").Append(", so readers stay on the last good snapshot. Do not circulate these figures.</p>");
        }

        html.Append("<nav aria-label=\"Sections\"><ul>")
            .Append("<li><a href=\"#headline\">Headline figures</a></li><li><a href=\"#telling\">What the data is telling us</a></li>")
            .Append("<li><a href=\"#trends\">Trends</a></li><li><a href=\"#teams\">Teams</a></li>")
            .Append("<li><a href=\"#quality\">Data quality and freshness</a></li><li><a href=\"#definitions\">Definitions</a></li></ul></nav>");
        html.Append("<div class=\"key\"><h2 class=\"vh\">How to read this page</h2><p><strong>RAG</strong> rates the latest month against the council's target ")
            .Append("(minimum/upper model) where it has one, else statistical neighbours (SN), else England: ")
            .Append(Rag(Judgement.Green, null)).Append(" at or better; ").Append(Rag(Judgement.Amber, null)).Append(" worse by up to 10 (percentage points, or % of the comparator); ")
            .Append(Rag(Judgement.Red, null)).Append(" worse by more. <strong>Direction of travel</strong> compares the latest month with the one before, at the precision shown: ")
            .Append("<span class=\"dot good\">▲ up, better</span>, <span class=\"dot bad\">▼ down, worse</span>, <span class=\"dot\">◆ no change</span>. ")
            .Append("<span class=\"unavail-text\">Unavailable</span> means the extract cannot give the figure (the reason is listed); ")
            .Append("<span class=\"novalue\">no value</span> means there was nothing to measure; <span class=\"partial\">partial</span> marks a period not complete at the as-at date. ")
            .Append("Rates per 10,000 children for a single month are annualised.</p></div></header>");
    }

    private static void Headline(StringBuilder html, Page page)
    {
        var input = page.Input;
        var englandPeriod = CommonPeriod(page.Series.Select(s => s.EnglandPeriod));
        var neighboursPeriod = CommonPeriod(page.Series.Select(s => s.NeighboursPeriod));
        var showLatest = page.Series.Any(s => s.Latest is not null);
        html.Append("<section id=\"headline\" aria-labelledby=\"headline-h\"><h2 id=\"headline-h\">Headline figures</h2>");
        foreach (var area in page.Areas)
        {
            var areaId = "area-" + Slug(area.Key);
            html.Append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"").Append(areaId).Append("\"><table class=\"headline\">")
                .Append("<caption id=\"").Append(areaId).Append("\">").Append(E(area.Key)).Append("</caption><thead><tr><th scope=\"col\">Indicator</th>");
            foreach (var month in page.HeadlineMonths)
            {
                html.Append("<th scope=\"col\" class=\"num\">").Append(E(DisplayFormat.ShortMonth(month))).Append("</th>");
            }

            if (showLatest)
            {
                html.Append("<th scope=\"col\" class=\"num\">").Append(E(input.AsAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture))).Append(" (as at)</th>");
            }

            html.Append("<th scope=\"col\" class=\"num\">Rolling 12 months</th><th scope=\"col\" class=\"num\">12-month average</th>")
                .Append("<th scope=\"col\" class=\"num\">England").Append(englandPeriod is null ? "" : " " + E(englandPeriod)).Append("</th>")
                .Append("<th scope=\"col\" class=\"num\">Statistical neighbours").Append(neighboursPeriod is null ? "" : " " + E(neighboursPeriod)).Append("</th>")
                .Append("<th scope=\"col\" class=\"num\">Target</th><th scope=\"col\">RAG").Append(page.LatestMonth is { } m ? " " + E(DisplayFormat.ShortMonth(m)) : "")
                .Append("</th><th scope=\"col\">Direction of travel</th></tr></thead><tbody>");
            foreach (var s in area)
            {
                HeadlineRow(html, page, s, showLatest, englandPeriod, neighboursPeriod);
            }

            html.Append("</tbody></table></div>");
        }

        html.Append("</section>");
    }

    private static void HeadlineRow(StringBuilder html, Page page, IndicatorSeries s, bool showLatest, string? englandPeriod, string? neighboursPeriod)
    {
        var indicator = s.Indicator;
        var latest = s.LatestMonth;
        html.Append("<tr data-indicator=\"").Append(E(indicator.Id)).Append("\"><th scope=\"row\"><a href=\"#def-").Append(E(indicator.Id)).Append("\">")
            .Append(E(indicator.Title)).Append("</a></th>");
        foreach (var month in page.HeadlineMonths)
        {
            ValueCell(html, s.Month(month), indicator, "month:" + Iso(month));
        }

        if (showLatest)
        {
            ValueCell(html, s.Latest, indicator, s.Latest is null ? "latest" : s.Latest.PeriodType + ":" + Iso(s.Latest.PeriodEnd));
        }

        var rolling = page.LatestMonth is { } end ? s.RollingTo(end) : null;
        if (indicator.Kind == IndicatorKind.Flow)
        {
            ValueCell(html, rolling, indicator, "rolling_12m:" + (page.LatestMonth is { } e1 ? Iso(e1) : ""));
            NotApplicable(html, "a flow indicator has a rolling 12-month figure instead");
        }
        else
        {
            NotApplicable(html, "a point-in-time indicator has a 12-month average instead");
            ValueCell(html, rolling, indicator, "rolling_12m:" + (page.LatestMonth is { } e2 ? Iso(e2) : ""));
        }

        ComparatorCell(html, latest?.England, indicator.Unit, s.EnglandPeriod, englandPeriod, "england");
        ComparatorCell(html, latest?.StatisticalNeighbours, indicator.Unit, s.NeighboursPeriod, neighboursPeriod, "statistical_neighbours");
        html.Append("<td class=\"num\" data-field=\"target\">").Append(TargetText(latest?.TargetMin, latest?.TargetUpper, indicator)).Append("</td>");
        html.Append("<td data-field=\"rag\" class=\"rag-cell\">").Append(latest is { Available: true, Value: not null } ? Rag(latest.Rag, latest.RagBasis) : Rag(null, null))
            .Append("</td><td data-field=\"dot\">").Append(Direction(latest)).Append("</td></tr>");
    }

    private static void ValueCell(StringBuilder html, IndicatorValue? row, IndicatorDefinition indicator, string period)
    {
        html.Append("<td class=\"num\" data-period=\"").Append(E(period)).Append("\">").Append(Figure(row, indicator)).Append("</td>");
    }

    /// <summary>A figure as the page shows it: never 0 or blank for a value that does not exist.</summary>
    private static string Figure(IndicatorValue? row, IndicatorDefinition indicator) => row switch
    {
        null => "<span class=\"novalue\">not published</span>",
        { Available: false } => $"<a class=\"unavail\" href=\"#unavailable-{E(indicator.Id)}\">unavailable</a>",
        { Value: null } => "<span class=\"novalue\">no value</span>",
        { IsPartial: true, Value: { } v } => $"{E(DisplayFormat.Value(v, indicator.Unit))} <span class=\"partial\">partial</span>",
        { Value: { } v } => E(DisplayFormat.Value(v, indicator.Unit)),
    };

    private static void NotApplicable(StringBuilder html, string why) =>
        html.Append("<td class=\"num na\"><span aria-hidden=\"true\">–</span><span class=\"vh\">not applicable: ").Append(E(why)).Append("</span></td>");

    private static void ComparatorCell(StringBuilder html, double? value, Unit unit, string? period, string? headerPeriod, string field)
    {
        html.Append("<td class=\"num\" data-field=\"").Append(field).Append("\">");
        if (value is { } v)
        {
            html.Append(E(DisplayFormat.Value(v, unit)));
            if (period is not null && period != headerPeriod)
            {
                html.Append(" <span class=\"small\">(").Append(E(period)).Append(")</span>");
            }
        }
        else
        {
            html.Append("<span class=\"novalue\">none</span>");
        }

        html.Append("</td>");
    }

    private static string TargetText(double? min, double? upper, IndicatorDefinition indicator)
    {
        if (min is not { } lo || upper is not { } hi)
        {
            return "<span class=\"novalue\">none</span>";
        }

        return indicator.Polarity switch
        {
            Polarity.HigherIsBetter => $"≥ {E(DisplayFormat.Value(hi, indicator.Unit))} <span class=\"small\">(min {E(DisplayFormat.Value(lo, indicator.Unit))})</span>",
            Polarity.LowerIsBetter => $"≤ {E(DisplayFormat.Value(hi, indicator.Unit))} <span class=\"small\">(max {E(DisplayFormat.Value(lo, indicator.Unit))})</span>",
            _ => $"{E(DisplayFormat.Value(hi, indicator.Unit))} <span class=\"small\">(min {E(DisplayFormat.Value(lo, indicator.Unit))})</span>",
        };
    }

    /// <summary>A RAG rating as colour, symbol and word, with what it was rated against.</summary>
    private static string Rag(string? rag, string? basis)
    {
        var against = basis switch
        {
            "target" => " <span class=\"basis\">vs target</span>",
            "statistical_neighbours" => " <span class=\"basis\">vs SN</span>",
            "england" => " <span class=\"basis\">vs England</span>",
            _ => "",
        };
        return rag switch
        {
            Judgement.Green => "<span class=\"rag rag-green\"><span aria-hidden=\"true\">✓ </span>Green</span>" + against,
            Judgement.Amber => "<span class=\"rag rag-amber\"><span aria-hidden=\"true\">! </span>Amber</span>" + against,
            Judgement.Red => "<span class=\"rag rag-red\"><span aria-hidden=\"true\">✗ </span>Red</span>" + against,
            _ => "<span class=\"rag rag-none\">Not rated</span>",
        };
    }

    private static string Direction(IndicatorValue? row)
    {
        if (row?.Dot is not { } dot)
        {
            return "<span class=\"novalue\">no comparison</span>";
        }

        var (symbol, word) = dot switch { "up" => ("▲", "up"), "down" => ("▼", "down"), _ => ("◆", "no change") };
        var (css, judgement) = row.DotGood switch { true => (" good", ", better"), false => (" bad", ", worse"), _ => ("", "") };
        return $"<span class=\"dot{css}\"><span aria-hidden=\"true\">{symbol} </span>{word}{judgement}</span>";
    }

    private static void Telling(StringBuilder html, Page page)
    {
        html.Append("<section id=\"telling\" aria-labelledby=\"telling-h\"><h2 id=\"telling-h\">What the data is telling us</h2>");
        foreach (var area in page.Areas)
        {
            html.Append("<h3>").Append(E(area.Key)).Append("</h3><ul class=\"telling\">");
            foreach (var s in area)
            {
                html.Append("<li data-indicator=\"").Append(E(s.Indicator.Id)).Append("\">").Append(E(string.Join(" ", Narrative.For(s)))).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");
    }

    private static void Trends(StringBuilder html, Page page)
    {
        html.Append("<section id=\"trends\" aria-labelledby=\"trends-h\"><h2 id=\"trends-h\">Trends over the last ").Append(TrendMonths)
            .Append(" months</h2><p>Each line joins the complete months; a gap is a month without a figure. The shaded band is the target (minimum to upper); ")
            .Append("a dashed line is the statistical-neighbour (SN) or England figure.</p>");
        foreach (var area in page.Areas)
        {
            html.Append("<h3>").Append(E(area.Key)).Append("</h3><div class=\"trends\">");
            foreach (var s in area)
            {
                html.Append("<figure data-indicator=\"").Append(E(s.Indicator.Id)).Append("\"><figcaption>").Append(E(s.Indicator.Title)).Append("</figcaption>")
                    .Append(TrendChart.Svg(s, TrendMonths)).Append("</figure>");
            }

            html.Append("</div>");
        }

        html.Append("</section>");
    }

    private static void Teams(StringBuilder html, Page page)
    {
        var input = page.Input;
        html.Append("<section id=\"teams\" aria-labelledby=\"teams-h\"><h2 id=\"teams-h\">Teams</h2>");
        var teamRows = input.Values.Where(v => v.Breakdown == IndicatorEngine.TeamBreakdown && v.PeriodType == "month").ToList();
        if (page.LatestMonth is not { } latest || teamRows.Count == 0)
        {
            html.Append("<p>No figures by team in this snapshot.</p></section>");
            return;
        }

        var earlier = Dates.MonthEnd(latest.AddMonths(-input.TeamsComparedMonthsBack));
        // Keyed once: a national extract has hundreds of teams.
        var byTeam = teamRows.GroupBy(v => (v.IndicatorId, v.BreakdownValue, v.PeriodEnd)).ToDictionary(g => g.Key, g => g.First());
        CaseloadTable(html, page, teamRows, byTeam, earlier, latest);
        WorkforceTable(html, page, teamRows, byTeam, earlier, latest);
        TimelinessTable(html, page, teamRows, byTeam, latest);
        html.Append("</section>");
    }

    private static void CaseloadTable(StringBuilder html, Page page, List<IndicatorValue> teamRows,
        Dictionary<(string, string, DateOnly), IndicatorValue> byTeam, DateOnly earlier, DateOnly latest)
    {
        var input = page.Input;
        if (!CaseloadIndicators.All(id => input.Catalogue.Any(i => i.Id == id)))
        {
            return;
        }

        IndicatorValue? At(string id, string team, DateOnly end) => team == ""
            ? input.Values.FirstOrDefault(v => v.IndicatorId == id && v.Breakdown == "" && v.PeriodType == "month" && v.PeriodEnd == end)
            : byTeam.GetValueOrDefault((id, team, end));
        var dates = new[] { earlier, latest };
        var teams = teamRows.Where(v => CaseloadIndicators.Contains(v.IndicatorId) && dates.Contains(v.PeriodEnd))
            .Select(v => v.BreakdownValue).Distinct().Order(StringComparer.Ordinal).ToList();
        var average = input.Catalogue.First(i => i.Id == CaseloadAverage);
        var over = input.Catalogue.First(i => i.Id == CaseloadOverThreshold);
        html.Append("<h3 id=\"caseloads-h\">Caseloads by team</h3><div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"caseloads-h\">")
            .Append("<table class=\"teams\" data-table=\"caseloads\"><thead><tr><th scope=\"col\" rowspan=\"2\">Team</th>")
            .Append("<th scope=\"colgroup\" colspan=\"2\">Average caseload</th><th scope=\"colgroup\" colspan=\"2\">Caseload range (smallest – largest)</th>")
            .Append("<th scope=\"colgroup\" colspan=\"2\">Workers with more than ").Append(input.CaseloadThreshold).Append(" children</th></tr><tr>");
        for (var group = 0; group < 3; group++)
        {
            foreach (var date in dates)
            {
                html.Append("<th scope=\"col\" class=\"num\">").Append(E(DisplayFormat.ShortMonth(date))).Append("</th>");
            }
        }

        html.Append("</tr></thead><tbody>");
        foreach (var team in teams.Append(""))
        {
            html.Append(team == "" ? "<tr class=\"total\"><th scope=\"row\">All teams</th>" : "<tr><th scope=\"row\">" + E(team) + "</th>");
            foreach (var date in dates)
            {
                html.Append("<td class=\"num\" data-period=\"month:").Append(Iso(date)).Append("\">").Append(TeamFigure(At(CaseloadAverage, team, date), average)).Append("</td>");
            }

            foreach (var date in dates)
            {
                var (min, max) = (At(CaseloadMin, team, date), At(CaseloadMax, team, date));
                html.Append("<td class=\"num\">").Append(min is { Available: true, Value: { } lo } && max is { Available: true, Value: { } hi }
                    ? E(DisplayFormat.Value(lo, Unit.Count) + " – " + DisplayFormat.Value(hi, Unit.Count))
                    : TeamFigure(min, average)).Append("</td>");
            }

            foreach (var date in dates)
            {
                html.Append("<td class=\"num\">").Append(TeamFigure(At(CaseloadOverThreshold, team, date), over)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div><p class=\"small\">A worker holding children in two teams counts in each, with that team's children; ")
            .Append("a team with no figure for a month held no allocated children then.</p>");
    }

    /// <summary>
    /// The other workforce figures published by team (supervision, seed 004's section after caseloads), beside the caseloads and
    /// compared over the same year: each indicator of the caseloads' area with team rows, at the latest month end and the earlier one.
    /// </summary>
    private static void WorkforceTable(StringBuilder html, Page page, List<IndicatorValue> teamRows,
        Dictionary<(string, string, DateOnly), IndicatorValue> byTeam, DateOnly earlier, DateOnly latest)
    {
        var input = page.Input;
        var indicators = WorkforceTeamIndicators(input, teamRows);
        if (indicators.Count == 0)
        {
            return;
        }

        var dates = new[] { earlier, latest };
        var teams = teamRows.Where(v => indicators.Any(i => i.Id == v.IndicatorId) && dates.Contains(v.PeriodEnd))
            .Select(v => v.BreakdownValue).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<h3 id=\"workforce-h\">Workforce by team</h3><div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"workforce-h\">")
            .Append("<table class=\"teams\" data-table=\"workforce\"><thead><tr><th scope=\"col\" rowspan=\"2\">Team</th>");
        foreach (var indicator in indicators)
        {
            html.Append("<th scope=\"colgroup\" colspan=\"2\">").Append(E(indicator.Title)).Append("</th>");
        }

        html.Append("</tr><tr>");
        foreach (var _ in indicators)
        {
            foreach (var date in dates)
            {
                html.Append("<th scope=\"col\" class=\"num\">").Append(E(DisplayFormat.ShortMonth(date))).Append("</th>");
            }
        }

        html.Append("</tr></thead><tbody>");
        foreach (var team in teams.Append(""))
        {
            html.Append(team == "" ? "<tr class=\"total\"><th scope=\"row\">All teams</th>" : "<tr><th scope=\"row\">" + E(team) + "</th>");
            foreach (var indicator in indicators)
            {
                foreach (var date in dates)
                {
                    var row = team == ""
                        ? input.Values.FirstOrDefault(v => v.IndicatorId == indicator.Id && v.Breakdown == "" && v.PeriodType == "month" && v.PeriodEnd == date)
                        : byTeam.GetValueOrDefault((indicator.Id, team, date));
                    html.Append("<td class=\"num\" data-period=\"month:").Append(Iso(date)).Append("\">");
                    TeamCell(html, row, indicator, "none then");
                    html.Append("</td>");
                }
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div><p class=\"small\">Each figure is for the month ending on the date shown. A worker holding children ")
            .Append("in two teams counts in each; a child counts in the team of its allocation. \"None then\": the team held no allocated children.</p>");
    }

    private static List<IndicatorDefinition> WorkforceTeamIndicators(DashboardInput input, List<IndicatorValue> teamRows)
    {
        var area = input.Catalogue.FirstOrDefault(i => i.Id == CaseloadAverage)?.Area;
        return input.Catalogue.Where(i => i.Area == area && !CaseloadIndicators.Contains(i.Id) && teamRows.Any(v => v.IndicatorId == i.Id)).ToList();
    }

    // A team's figure with the counts behind it and its RAG; none when the team had nothing to measure.
    private static void TeamCell(StringBuilder html, IndicatorValue? row, IndicatorDefinition indicator, string none)
    {
        if (row is null)
        {
            html.Append("<span class=\"novalue\">").Append(E(none)).Append("</span>");
            return;
        }

        html.Append(Figure(row, indicator));
        if (row is { Available: true, Value: not null, Numerator: { } n, Denominator: { } d })
        {
            html.Append(" <span class=\"small\">(").Append(E(DisplayFormat.Value(n, Unit.Count))).Append(" of ").Append(E(DisplayFormat.Value(d, Unit.Count))).Append(")</span>");
        }

        if (row is { Available: true, Value: not null, Rag: not null })
        {
            html.Append("<br>").Append(Rag(row.Rag, null));
        }
    }

    private static string TeamFigure(IndicatorValue? row, IndicatorDefinition indicator) =>
        row is null ? "<span class=\"novalue\">no caseloads</span>" : Figure(row, indicator);

    private static void TimelinessTable(StringBuilder html, Page page, List<IndicatorValue> teamRows,
        Dictionary<(string, string, DateOnly), IndicatorValue> byTeam, DateOnly latest)
    {
        var input = page.Input;
        var workforce = WorkforceTeamIndicators(input, teamRows);
        var indicators = input.Catalogue.Where(i => !CaseloadIndicators.Contains(i.Id) && !workforce.Contains(i) && teamRows.Any(v => v.IndicatorId == i.Id)).ToList();
        if (indicators.Count == 0)
        {
            return;
        }

        var teams = teamRows.Where(v => v.PeriodEnd == latest && indicators.Any(i => i.Id == v.IndicatorId))
            .Select(v => v.BreakdownValue).Distinct().Order(StringComparer.Ordinal).ToList();
        html.Append("<h3 id=\"timeliness-h\">Timeliness by team, ").Append(DisplayFormat.Month(latest)).Append("</h3>")
            .Append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"timeliness-h\"><table class=\"teams\" data-table=\"timeliness\"><thead><tr><th scope=\"col\">Team</th>");
        foreach (var indicator in indicators)
        {
            html.Append("<th scope=\"col\" class=\"num\">").Append(E(indicator.Title)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var team in teams.Append(""))
        {
            html.Append(team == "" ? "<tr class=\"total\"><th scope=\"row\">All teams</th>" : "<tr><th scope=\"row\">" + E(team) + "</th>");
            foreach (var indicator in indicators)
            {
                var row = team == ""
                    ? page.Series.First(s => s.Indicator.Id == indicator.Id).Month(latest)
                    : byTeam.GetValueOrDefault((indicator.Id, team, latest));
                html.Append("<td class=\"num\">");
                TeamCell(html, row, indicator, "none this month");
                html.Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div><p class=\"small\">\"None this month\": the team had nothing to measure for that indicator in the month.</p>");
    }

    private static void QualityAndFreshness(StringBuilder html, Page page)
    {
        var input = page.Input;
        var freshness = input.Freshness;
        var read = freshness.Files.Sum(f => f.RowsRead);
        var quarantined = freshness.Files.Sum(f => f.RowsQuarantined);
        html.Append("<section id=\"quality\" aria-labelledby=\"quality-h\"><h2 id=\"quality-h\">Data quality and freshness</h2><dl class=\"facts\">")
            .Append("<dt>Figures as at</dt><dd>").Append(DisplayFormat.Day(input.AsAt)).Append("</dd>")
            .Append("<dt>Extract made</dt><dd>").Append(E(freshness.ExtractedAt ?? "not stated in the extract's manifest"))
            .Append(freshness.SourceSystem is null ? "" : " from " + E(freshness.SourceSystem))
            .Append(freshness.SsdVersion is null ? "" : " (SSD " + E(freshness.SsdVersion) + ")").Append("</dd>")
            .Append("<dt>Snapshot</dt><dd>").Append(E(input.RunId)).Append(", run started ")
            .Append(E(freshness.RunStartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append("</dd>")
            .Append("<dt>Rows</dt><dd>").Append(DisplayFormat.Count(read)).Append(" read from ").Append(freshness.Files.Count(f => f.Status != Ingest.FileIngestStats.NotRead))
            .Append(" files; ").Append(DisplayFormat.Count(quarantined)).Append(" quarantined");
        if (read > 0)
        {
            html.Append(" (").Append((100.0 * quarantined / read).ToString("0.00", CultureInfo.InvariantCulture)).Append("%)");
        }

        html.Append("</dd>");
        var open = input.DqSummary.Where(r => r.Count > 0).ToList();
        html.Append("<dt>Open data-quality issues</dt><dd>");
        html.Append(string.Join(", ", new[] { "error", "warning", "query" }.Select(severity =>
            $"{DisplayFormat.Count(input.DqSummary.Where(r => r.Severity == severity).Sum(r => r.Count))} {(severity == "query" ? "queries" : severity + "s")}")));
        if (input.DqSummary.Any(r => r.New is not null))
        {
            html.Append("; ").Append(DisplayFormat.Count(input.DqSummary.Sum(r => r.New ?? 0))).Append(" new and ")
                .Append(DisplayFormat.Count(input.DqSummary.Sum(r => r.Resolved ?? 0))).Append(" resolved since the previous snapshot");
        }

        html.Append(". <a href=\"../../../restricted/runs/").Append(E(input.RunId)).Append("/dq_report.html\">The data team's report</a> lists them record by record ")
            .Append("(restricted: it opens only for those with access to child-level data).</dd></dl>");

        if (open.Count > 0)
        {
            html.Append("<h3 id=\"rules-h\">Rules with open issues</h3><div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"rules-h\"><table class=\"plain\">")
                .Append("<thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Rule</th><th scope=\"col\">What it checks</th><th scope=\"col\" class=\"num\">Open</th>")
                .Append("<th scope=\"col\" class=\"num\">New</th><th scope=\"col\" class=\"num\">Resolved</th></tr></thead><tbody>");
            foreach (var rule in open.OrderBy(r => SeverityOrder(r.Severity)).ThenByDescending(r => r.Count).ThenBy(r => r.RuleCode, StringComparer.Ordinal))
            {
                html.Append("<tr><td class=\"sev-").Append(E(rule.Severity)).Append("\">").Append(E(rule.Severity)).Append("</td><th scope=\"row\">").Append(E(rule.RuleCode))
                    .Append("</th><td>").Append(E(rule.Title)).Append("</td><td class=\"num\">").Append(DisplayFormat.Count(rule.Count)).Append("</td><td class=\"num\">")
                    .Append(rule.New is { } n ? DisplayFormat.Count(n) : "<span class=\"novalue\">first snapshot</span>").Append("</td><td class=\"num\">")
                    .Append(rule.Resolved is { } r ? DisplayFormat.Count(r) : "<span class=\"novalue\">first snapshot</span>").Append("</td></tr>");
            }

            html.Append("</tbody></table></div>");
        }

        Files(html, freshness);
        Unavailable(html, page);
        if (!freshness.Warnings.IsDefaultOrEmpty)
        {
            html.Append("<h3>Notes from the run</h3><ul>");
            foreach (var warning in freshness.Warnings)
            {
                html.Append("<li>").Append(E(warning)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");
    }

    private static void Files(StringBuilder html, DashboardFreshness freshness)
    {
        html.Append("<h3 id=\"files-h\">Files read</h3><div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"files-h\"><table class=\"plain\">")
            .Append("<thead><tr><th scope=\"col\">Table</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Rows read</th>")
            .Append("<th scope=\"col\" class=\"num\">Quarantined</th><th scope=\"col\" class=\"num\">Values cleared</th></tr></thead><tbody>");
        foreach (var file in freshness.Files)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(file.Table)).Append("</th><td>").Append(E(file.Status.Replace('_', ' '))).Append("</td><td class=\"num\">")
                .Append(DisplayFormat.Count(file.RowsRead)).Append("</td><td class=\"num\">").Append(DisplayFormat.Count(file.RowsQuarantined))
                .Append("</td><td class=\"num\">").Append(DisplayFormat.Count(file.ValuesCleared)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Unavailable(StringBuilder html, Page page)
    {
        var input = page.Input;
        html.Append("<h3 id=\"unavailable\">Indicators without a figure</h3>");
        var rows = page.Series.Select(s => (s.Indicator, Rows: input.Values.Where(v => v.IndicatorId == s.Indicator.Id && v.Breakdown == "").ToList()))
            .Where(x => x.Rows.Count == 0 || x.Rows.Any(r => !r.Available)).ToList();
        if (rows.Count == 0)
        {
            html.Append("<p>Every indicator has figures for every period.</p>");
            return;
        }

        html.Append("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"unavailable\"><table class=\"plain\"><thead><tr><th scope=\"col\">Indicator</th>")
            .Append("<th scope=\"col\">Unavailable for</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        foreach (var (indicator, values) in rows)
        {
            var missing = values.Where(r => !r.Available).ToList();
            var extent = values.Count == 0 ? "every period (no rows published)"
                : missing.Count == values.Count ? "every period"
                : $"{missing.Count} of {values.Count} periods";
            var reasons = missing.Select(r => r.UnavailableReason ?? "no reason given").Distinct(StringComparer.Ordinal);
            html.Append("<tr id=\"unavailable-").Append(E(indicator.Id)).Append("\"><th scope=\"row\">").Append(E(indicator.Title)).Append("</th><td>")
                .Append(E(extent)).Append("</td><td>").Append(E(string.Join("; ", reasons))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
    }

    private static void Definitions(StringBuilder html, Page page)
    {
        html.Append("<section id=\"definitions\" aria-labelledby=\"definitions-h\"><h2 id=\"definitions-h\">Definitions</h2><dl class=\"definitions\">");
        foreach (var s in page.Series)
        {
            html.Append("<dt id=\"def-").Append(E(s.Indicator.Id)).Append("\">").Append(E(s.Indicator.Title)).Append(" <span class=\"small\">(")
                .Append(E(s.Indicator.Id)).Append(", ").Append(s.Indicator.Kind == IndicatorKind.Flow ? "flow" : "point in time").Append(")</span></dt><dd>")
                .Append(E(s.Indicator.Definition)).Append("</dd>");
        }

        html.Append("</dl></section>");
    }

    private static string? CommonPeriod(IEnumerable<string?> periods) =>
        periods.Where(p => p is not null).GroupBy(p => p!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();

    private static int SeverityOrder(string severity) => severity switch { "error" => 0, "warning" => 1, _ => 2 };

    private static string Slug(string text) => new([.. text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
