namespace Pipeline.Publish.Reports;

/// <summary>
/// Formula-injection defence for anything a person opens in a spreadsheet: a cell that starts with '=', '+',
/// '-', '@', a tab, a carriage return or NUL is prefixed with an apostrophe, so it is shown as text, never run.
/// </summary>
public static class SafeCell
{
    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0' ? "'" + value : value;
    }
}
