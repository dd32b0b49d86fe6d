using Pipeline.Ingest.Csv;

namespace Pipeline.Tests.Ingest.Csv;

public class CsvRecordReaderTests
{
    private static List<(long Line, string[] Fields, string? Error)> ReadAll(string text)
    {
        using var reader = new CsvRecordReader(new StringReader(text));
        var records = new List<(long, string[], string?)>();
        while (reader.Read())
        {
            records.Add((reader.RecordLine, Enumerable.Range(0, reader.FieldCount).Select(i => reader.Field(i).ToString()).ToArray(), reader.Error));
        }

        return records;
    }

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndNewlines_AreUnescapedAndLinesTracked()
    {
        var records = ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",z\r\nlast,row\r\n");

        Assert.Equal(4, records.Count);
        Assert.Equal(["x, y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\r\nlines", "z"], records[2].Fields);
        // The record after a two-line field starts on physical line 5, not 4.
        Assert.Equal([1L, 2L, 3L, 5L], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Read_LfOnlyAndNoFinalNewline_ReadsEveryRecord()
    {
        var records = ReadAll("a,b\n1,2\n3,4");

        Assert.Equal(3, records.Count);
        Assert.Equal(["3", "4"], records[2].Fields);
    }

    [Fact]
    public void Read_EmptyFields_AreEmptyNotMissing()
    {
        var records = ReadAll("a,b,c\r\n,,\r\n");

        Assert.Equal(["", "", ""], records[1].Fields);
    }

    [Fact]
    public void Read_BlankLines_AreSkippedAndCounted()
    {
        using var reader = new CsvRecordReader(new StringReader("a\r\n\r\n1\r\n\r\n"));
        var count = 0;
        while (reader.Read())
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.Equal(2, reader.BlankLines);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_MarksRecordAndCarriesOn()
    {
        var records = ReadAll("a,b\r\n\"x\"y,1\r\nok,2\r\n");

        Assert.NotNull(records[1].Error);
        Assert.Null(records[2].Error);
        Assert.Equal(["ok", "2"], records[2].Fields);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_MarksRecord()
    {
        var records = ReadAll("a\r\nab\"c\r\n");

        Assert.Contains("quote", records[1].Error);
    }

    [Fact]
    public void Read_UnterminatedQuote_ReportsTheLineItStartedOn()
    {
        var records = ReadAll("a,b\r\n1,\"never closed\r\n2,3\r\n");

        Assert.Equal(2, records.Count);
        Assert.Contains("line 2", records[1].Error);
    }

    [Fact]
    public void ReadHeader_EmptyInput_ReturnsNull()
    {
        using var reader = new CsvRecordReader(new StringReader(""));

        Assert.Null(reader.ReadHeader());
    }
}
