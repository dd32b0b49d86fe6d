using System.Text;

namespace Pipeline.Publish.Reports;

/// <summary>
/// What any report cell goes through, in the spreadsheet and in the HTML. First <see cref="Clean"/>: control characters
/// and the characters XML 1.0 cannot carry are removed (a value could otherwise hide a formula behind a control character,
/// or make a worksheet that no program opens). Then, for a spreadsheet, <see cref="Neutralise"/>: a cell that starts with
/// '=', '+', '-', '@', a tab, a carriage return or a line feed is prefixed with an apostrophe, so it is shown as text,
/// never run. The order matters: "\u0001=HYPERLINK(…)" is cleaned to "=HYPERLINK(…)" and then neutralised.
/// </summary>
public static class SafeCell
{
    public static string Neutralise(string? value)
    {
        var text = Clean(value);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' ? "'" + text : text;
    }

    /// <summary>
    /// Removes control characters other than tab, line feed and carriage return, the noncharacters U+FFFE and U+FFFF, and
    /// surrogates without their pair: everything XML 1.0 forbids, and the C1 controls besides.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var firstBad = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (!Allowed(value, i))
            {
                firstBad = i;
                break;
            }
        }

        if (firstBad < 0)
        {
            return value;
        }

        var clean = new StringBuilder(value.Length).Append(value, 0, firstBad);
        for (var i = firstBad; i < value.Length; i++)
        {
            if (Allowed(value, i))
            {
                clean.Append(value[i]);
            }
        }

        return clean.ToString();
    }

    private static bool Allowed(string value, int i)
    {
        var c = value[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(value[i - 1]);
        }

        return c is '\t' or '\n' or '\r' || (!char.IsControl(c) && c is not ('\uFFFE' or '\uFFFF'));
    }
}
