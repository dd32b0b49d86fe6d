using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pipeline.Extract;

namespace Pipeline.Ingest;

/// <summary>
/// The contract's value rules, one implementation each: what is empty, which date forms, which flag
/// spellings, what an outcome JSON may hold. Every reader of extract values calls these.
/// </summary>
public static class ValueParsers
{
    /// <summary>Empty, whitespace, <c>NULL</c> and <c>null</c> are empty.</summary>
    public static bool IsEmpty(ReadOnlySpan<char> raw)
    {
        var trimmed = raw.Trim();
        return trimmed.IsEmpty || trimmed.Equals("NULL", StringComparison.OrdinalIgnoreCase);
    }

    public static string? Text(string? raw)
    {
        if (raw is null || IsEmpty(raw))
        {
            return null;
        }

        var trimmed = raw.AsSpan().Trim();
        return trimmed.Length == raw.Length ? raw : trimmed.ToString();
    }

    /// <summary>
    /// Accepts <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm:ss[.f…]</c>, <c>yyyy-MM-dd HH:mm:ss[.f…]</c> and
    /// <c>dd/MM/yyyy</c>; the time part must be a valid time and is then dropped. Anything else is a bad value.
    /// </summary>
    public static bool TryDate(ReadOnlySpan<char> raw, out DateOnly date) => TryDateAndTime(raw, out date, out _);

    /// <summary>
    /// The same forms as <see cref="TryDate"/>, keeping the time of day (to the millisecond) for the few columns that need
    /// it (<see cref="Timestamp"/>: a date-only form, or a time of exactly midnight, has none).
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<char> raw, out Timestamp value)
    {
        var ok = TryDateAndTime(raw, out var date, out var time);
        value = ok ? new Timestamp(date, time) : default;
        return ok;
    }

    private static bool TryDateAndTime(ReadOnlySpan<char> raw, out DateOnly date, out TimeOnly? time)
    {
        date = default;
        time = null;
        var s = raw.Trim();
        if (s.Length >= 10 && s[4] == '-' && s[7] == '-')
        {
            if (!TryDigits(s[..4], out var y) || !TryDigits(s.Slice(5, 2), out var m) || !TryDigits(s.Slice(8, 2), out var d))
            {
                return false;
            }

            if (s.Length > 10)
            {
                if (!TryTimeOfDay(s[10..], out var t))
                {
                    return false;
                }

                time = t;
            }

            return TryMake(y, m, d, out date);
        }

        if (s.Length == 10 && s[2] == '/' && s[5] == '/')
        {
            return TryDigits(s[..2], out var d) && TryDigits(s.Slice(3, 2), out var m) && TryDigits(s.Slice(6, 4), out var y)
                && TryMake(y, m, d, out date);
        }

        return false;
    }

    // "THH:mm:ss" or " HH:mm:ss", optionally followed by '.' and 1-7 fraction digits (kept to the millisecond).
    private static bool TryTimeOfDay(ReadOnlySpan<char> t, out TimeOnly time)
    {
        time = default;
        if (t.Length < 9 || (t[0] != 'T' && t[0] != ' ') || t[3] != ':' || t[6] != ':')
        {
            return false;
        }

        if (!TryDigits(t.Slice(1, 2), out var h) || !TryDigits(t.Slice(4, 2), out var min) || !TryDigits(t.Slice(7, 2), out var sec)
            || h > 23 || min > 59 || sec > 59)
        {
            return false;
        }

        var millisecond = 0;
        if (t.Length > 9)
        {
            var fraction = t[9..];
            if (fraction.Length is < 2 or > 8 || fraction[0] != '.' || !TryDigits(fraction[1..], out _))
            {
                return false;
            }

            var digits = fraction[1..];
            for (var i = 0; i < 3; i++)
            {
                millisecond = (millisecond * 10) + (i < digits.Length ? digits[i] - '0' : 0);
            }
        }

        time = new TimeOnly(h, min, sec, millisecond);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return !s.IsEmpty;
    }

    private static bool TryMake(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Y, N, Yes, No, 1, 0, true, false, in any case.</summary>
    public static bool TryFlag(ReadOnlySpan<char> raw, out bool flag)
    {
        var s = raw.Trim();
        if (s.Equals("Y", StringComparison.OrdinalIgnoreCase) || s.Equals("Yes", StringComparison.OrdinalIgnoreCase)
            || s.Equals("1", StringComparison.Ordinal) || s.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            flag = true;
            return true;
        }

        flag = false;
        return s.Equals("N", StringComparison.OrdinalIgnoreCase) || s.Equals("No", StringComparison.OrdinalIgnoreCase)
            || s.Equals("0", StringComparison.Ordinal) || s.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryInteger(ReadOnlySpan<char> raw, out int value) =>
        int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryDecimal(ReadOnlySpan<char> raw, out double value) =>
        double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// An SSD <c>*_outcome_json</c> value: any JSON object; only text that is not one is a bad value. Its <c>*_FLAG</c> keys are
    /// read as flags (a flag string, a boolean, 0/1); an empty string, null or any other value is an empty flag and left out.
    /// Other keys (the SSD's LiquidLogic script adds counts such as <c>TOTAL_NO_OF_OUTCOMES</c> and free-text
    /// <c>OUTCOME_COMMENTS</c>) are ignored, never read. Keys are kept upper-cased.
    /// </summary>
    public static bool TryOutcomeFlags(string raw, out OutcomeFlags flags) => TryFlagObject(raw, outcome: true, out flags);

    /// <summary>
    /// An object every one of whose values is a flag or null (every key read, as in the SSD's care plan JSON of plan flags);
    /// false for anything else.
    /// </summary>
    public static bool TryFlagObject(string raw, out OutcomeFlags flags) => TryFlagObject(raw, outcome: false, out flags);

    private static bool TryFlagObject(string raw, bool outcome, out OutcomeFlags flags)
    {
        flags = OutcomeFlags.Empty;
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var builder = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var key = property.Name.Trim().ToUpperInvariant();
                if (outcome && !key.EndsWith("_FLAG", StringComparison.Ordinal))
                {
                    continue;
                }

                bool value;
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        continue;
                    case JsonValueKind.True or JsonValueKind.False:
                        value = property.Value.GetBoolean();
                        break;
                    case JsonValueKind.String when TryFlag(property.Value.GetString(), out value):
                        break;
                    case JsonValueKind.Number when property.Value.TryGetInt32(out var n) && n is 0 or 1:
                        value = n == 1;
                        break;
                    case var _ when outcome:
                        continue;
                    default:
                        return false;
                }

                builder[key] = value;
            }

            flags = new OutcomeFlags(builder.ToImmutable());
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
