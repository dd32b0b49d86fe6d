using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Quality;

// The DfE's own validation rules (CIN census and SSDA903), one declaration each in the QualityRules.Dfe*.cs files. Each takes
// its code, message and severity from the DfE's lists (Reference/dfe-validation-rules, read by DfeRules), names the SSD fields
// it reads (which decide its tables and when it is not applicable), says how it reads the DfE's wording on those fields, and
// judges the records the return for the collection year containing as_at would hold if it were made tonight
// (QualityInputs.Dfe.cs). Rules that are alike (code sets and required values, dates in order, dates in the census period)
// are declared alike, each a row of one helper (DfeCodes, DfeDateOrder, DfeInCensusPeriod);
// the others are code.
public static partial class QualityRules
{
    /// <summary>
    /// A DfE rule: <paramref name="code"/> as published (<c>CIN:8840</c>, <c>903:355</c>); <paramref name="fields"/> the SSD columns
    /// it cannot be judged without (comma-separated, each naming its table by its prefix); <paramref name="reading"/> how the
    /// DfE's wording is read on those fields.
    /// </summary>
    /// <param name="ofReturnChildren">Whether the rule judges the children of its return, found in its episodes table (false for the
    /// SSDA903's care leavers, whose cohort is chosen by age).</param>
    private static QualityRule Dfe(string code, string fields, string reading, Func<DfeCheck, IEnumerable<DqFinding>> find, bool ofReturnChildren = true)
    {
        var rule = DfeRules.Default.Get(code);
        var needs = Columns(fields);
        SsdColumn[] scope = !ofReturnChildren ? [] : [rule.Return == DfeReturn.CinCensus ? DfeSchema.CinReturnColumn : DfeSchema.ClaReturnColumn];
        return new QualityRule
        {
            Code = code,
            Title = rule.Newest.Message,
            Severity = rule.Newest.Severity == "query" ? Severity.Query : Severity.Error,
            Tables = [.. needs.Concat(scope).Select(c => c.Table).Distinct(StringComparer.Ordinal)],
            Fields = fields,
            Description = reading + (rule.AffectedFields is { Length: > 0 } dfeFields ? $" (The return's fields: {dfeFields}.)" : "")
                + $" A {rule.ReturnName} rule, {(rule.Newest.Severity == "query" ? "a query" : "an error")}, applying {rule.YearsText}.",
            Dfe = rule,
            Needs = [.. scope, .. needs],
            Find = inputs => find(new DfeCheck(code, inputs)),
        };
    }

    /// <summary>The columns named in a rule's fields, each with the table its prefix names (<c>cine_</c>: ssd_cin_episodes).</summary>
    private static ImmutableArray<SsdColumn> Columns(string fields) =>
        [.. fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => new SsdColumn(TableOfColumn.TryGetValue(f, out var table) ? table : throw new ArgumentException($"'{f}' is no column of the extract contract", nameof(fields)), f))];

    private static FrozenDictionary<string, string> TableOfColumn => DfeSchema.TableOfColumn;

    // A nested class, so its fields are set on first use whatever order the partial files' static fields run in.
    private static class DfeSchema
    {
        /// <summary>What a DfE rule needs whatever else it reads: the table its return's children are found in.</summary>
        public static readonly SsdColumn CinReturnColumn = new("ssd_cin_episodes", "cine_referral_date");

        public static readonly SsdColumn ClaReturnColumn = new("ssd_cla_episodes", "clae_cla_episode_start_date");

        /// <summary>Every column of the extract contract, with its table.</summary>
        public static readonly FrozenDictionary<string, string> TableOfColumn = SsdTables.All
            .SelectMany(t => t.Columns.Select(c => (Column: c.Name, t.Table)))
            .DistinctBy(x => x.Column, StringComparer.Ordinal) // a column read two ways (cont_contact_date, as a date and a time) is one column
            .ToFrozenDictionary(x => x.Column, x => x.Table, StringComparer.Ordinal);
    }

    /// <summary>What a DfE rule's check is given: its code (for error ids) and the inputs, with the return it judges.</summary>
    private sealed record DfeCheck(string Code, QualityInputs Inputs)
    {
        public DateOnly AsAt => Inputs.AsAt;

        public ExtractSet Extract => Inputs.Extract;

        /// <summary>One finding: the error id is the rule's code and <paramref name="key"/> (else the table and record), so the
        /// records of one problem (both of an overlapping pair) share it.</summary>
        public DqFinding Flag(string table, string recordId, string? personId, string fields, string message, string? workerId = null, string? teamId = null,
            string? key = null) =>
            new(table, recordId, personId, fields, message, $"{Code}:{key ?? $"{table}:{recordId}"}", workerId, teamId);

        /// <summary>A finding about the return as a whole (a share, a count): its record is the return and its year.</summary>
        public DqFinding FlagReturn(string table, string fields, string message) =>
            new(table, $"{DfeRules.Default.Get(Code).ReturnName} {Inputs.ReturnYear}", null, fields, message, $"{Code}:{Inputs.ReturnYear}");
    }

    /// <summary>A coded value of one record in a return, and what a finding about it needs.</summary>
    /// <remarks>NOTE: this and the other rows of the helpers below are structs: a rule makes one for every record of its return.</remarks>
    private readonly record struct DfeCoded(string RecordId, string? PersonId, string? Value, string? WorkerId = null, string? TeamId = null);

    /// <summary>
    /// A code-set rule: the values of <paramref name="field"/> in the records a return holds must be codes of the DfE's
    /// <paramref name="list"/> valid in the return's collection year (of <paramref name="returnName"/>'s list, when one is named),
    /// or the SSD's spellings of them; a missing value is flagged too when <paramref name="required"/>. A spelling the DfE's
    /// validators reject (the SSD guidance's CNHE) is flagged with what to write instead.
    /// </summary>
    private static QualityRule DfeCodes(string code, string list, string field, bool required, string reading,
        Func<QualityInputs, IEnumerable<DfeCoded>> rows, string? returnName = null, string? alsoNeeds = null, bool ofReturnChildren = true)
    {
        var table = TableOfColumn[field];
        var fields = alsoNeeds is null ? field : $"{field}, {alsoNeeds}";
        return Dfe(code, fields, reading, check =>
        {
            var year = check.Inputs.ReturnStart;
            return rows(check.Inputs).Select(r => r.Value is not { } value || value.Trim().Length == 0
                    ? required ? check.Flag(table, r.RecordId, r.PersonId, field, $"no {field}", r.WorkerId, r.TeamId) : null
                    : CodeProblem(list, value, year, returnName, field) is { } problem
                        ? check.Flag(table, r.RecordId, r.PersonId, field, problem, r.WorkerId, r.TeamId)
                        : null)
                .OfType<DqFinding>();
        }, ofReturnChildren);
    }

    /// <summary>Two dates of one record in a return, and what a finding about it needs.</summary>
    private readonly record struct DfeDates(string RecordId, string? PersonId, DateOnly? Earlier, DateOnly? Later, string? WorkerId = null, string? TeamId = null);

    /// <summary>
    /// A date-order rule: in the records a return holds, <paramref name="laterField"/> must not be before
    /// <paramref name="earlierField"/> (the same day is in order; a missing date is another rule's).
    /// </summary>
    private static QualityRule DfeDateOrder(string code, string earlierField, string laterField, string reading, Func<QualityInputs, IEnumerable<DfeDates>> rows) =>
        Dfe(code, $"{earlierField}, {laterField}", reading + " The same day is in order.",
            check => rows(check.Inputs).Where(r => r.Later < r.Earlier)
                .Select(r => check.Flag(TableOfColumn[laterField], r.RecordId, r.PersonId, $"{earlierField}, {laterField}",
                    $"{earlierField} {IsoDay(r.Earlier)} is after {laterField} {IsoDay(r.Later)}", r.WorkerId, r.TeamId)));

    /// <summary>A dated record in a return, and what a finding about it needs.</summary>
    private readonly record struct DfeDated(string RecordId, string? PersonId, DateOnly? Date, string? WorkerId = null, string? TeamId = null);

    /// <summary>
    /// A census-period rule: <paramref name="field"/>, when given, must fall in the census period (1 April of the collection year
    /// to as_at, the reference date).
    /// </summary>
    private static QualityRule DfeInCensusPeriod(string code, string field, string reading, Func<QualityInputs, IEnumerable<DfeDated>> rows, string? alsoNeeds = null) =>
        Dfe(code, alsoNeeds is null ? field : $"{field}, {alsoNeeds}", reading,
            check => rows(check.Inputs).Where(r => r.Date is { } date && !check.Inputs.InCensusPeriod(date))
                .Select(r => check.Flag(TableOfColumn[field], r.RecordId, r.PersonId, field,
                    $"{field} {IsoDay(r.Date)} is outside the census period {IsoDay(check.Inputs.ReturnStart)} to {IsoDay(check.AsAt)}", r.WorkerId, r.TeamId)));

    /// <summary>Why <paramref name="value"/> is not a code of the list the return of <paramref name="date"/>'s year accepts; null when it is.</summary>
    private static string? CodeProblem(string list, string value, DateOnly date, string? returnName, string field)
    {
        var check = DfeCodeLists.Default.Check(list, value, date, returnName);
        if (check.Status is CodeStatus.Valid || (check.Status is CodeStatus.SsdSpelling && check.Spelling!.Warning is null))
        {
            // NOTE: most values are valid: the value is quoted for a message only when there is one.
            return null;
        }

        var shown = Echo(TableOfColumn[field], value);
        return check.Status switch
        {
            CodeStatus.Valid => null,
            CodeStatus.SsdSpelling when check.Spelling!.Warning is null => null,
            CodeStatus.SsdSpelling => $"{field} {shown} is {check.Spelling!.Warning}: write "
                + string.Join(" or ", check.Codes.Select(c => $"{c.Code} ({c.Description})")),
            CodeStatus.Retired => $"{field} {shown} was last valid in {check.Boundary}, not in {check.Year}",
            CodeStatus.NotYetValid => $"{field} {shown} is valid only from {check.Boundary}, not in {check.Year}",
            _ => $"{field} {shown} is not in the DfE's {list} list",
        };
    }

    /// <summary>
    /// A value as a finding shows it: quoted when code-like, and from a table holding names (ssd_person) only as its shape, whatever
    /// the column (a relabelled header can put a short surname under a code column).
    /// </summary>
    private static string Echo(string table, string? value) =>
        value is null ? "(empty)" : Ingest.SsdTables.Find(table)?.HoldsNames == true ? $"({Ingest.QuarantineValue.Shape(value.Trim())})" : Quote(value.Trim());

    /// <summary>Whether <paramref name="value"/> (trimmed, any case) is one of <paramref name="codes"/>.</summary>
    private static bool Is(string? value, params string[] codes) => IsAnyCode(value, codes);

    /// <summary>Whole years from <paramref name="dob"/> to <paramref name="date"/>; null without a date of birth.</summary>
    private static int? Age(DateOnly? dob, DateOnly date) => dob is { } d ? Domain.Dates.AgeAt(d, date) : null;
}
