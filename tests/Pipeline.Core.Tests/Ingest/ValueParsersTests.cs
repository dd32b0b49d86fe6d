using Pipeline.Ingest;

namespace Pipeline.Tests.Ingest;

public class ValueParsersTests
{
    [Theory]
    [InlineData("2023-06-05")]
    [InlineData("2023-06-05T14:30:00")]
    [InlineData("2023-06-05T14:30:00.123")]
    [InlineData("2023-06-05 14:30:00")]
    [InlineData("2023-06-05 14:30:00.1234567")]
    [InlineData("05/06/2023")]
    [InlineData(" 2023-06-05 ")]
    public void TryDate_EveryContractForm_ReadsTheDateAndDropsTheTime(string raw)
    {
        Assert.True(ValueParsers.TryDate(raw, out var date));
        Assert.Equal(new DateOnly(2023, 6, 5), date);
    }

    [Theory]
    [InlineData("2023-02-30")]
    [InlineData("31/13/2022")]
    [InlineData("2023/05/01")]
    [InlineData("yesterday")]
    [InlineData("2023-06-05T25:00:00")]
    [InlineData("2023-06-05T14:30")]
    [InlineData("2023-06-05Z")]
    [InlineData("5/6/2023")]
    [InlineData("2023-06-05T14:30:00.")]
    [InlineData("20230605")]
    public void TryDate_AnythingElse_IsABadValue(string raw) => Assert.False(ValueParsers.TryDate(raw, out _));

    [Fact]
    public void TryDate_LeapDay_OnlyInLeapYears()
    {
        Assert.True(ValueParsers.TryDate("2024-02-29", out _));
        Assert.True(ValueParsers.TryDate("29/02/2024", out _));
        Assert.False(ValueParsers.TryDate("2023-02-29", out _));
    }

    [Theory]
    [InlineData("Y", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("n", false)]
    [InlineData("No", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void TryFlag_ContractSpellings_AreRead(string raw, bool expected)
    {
        Assert.True(ValueParsers.TryFlag(raw, out var flag));
        Assert.Equal(expected, flag);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("X")]
    [InlineData("2")]
    public void TryFlag_OtherValues_AreBad(string raw) => Assert.False(ValueParsers.TryFlag(raw, out _));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NULL")]
    [InlineData("null")]
    public void IsEmpty_EmptyAndNullSpellings_AreEmpty(string raw) => Assert.True(ValueParsers.IsEmpty(raw));

    [Fact]
    public void TryOutcomeFlags_ObjectOfFlags_ReadsEachKeyCaseInsensitively()
    {
        Assert.True(ValueParsers.TryOutcomeFlags("""{"nfa_flag":"N","CP_CONFERENCE_FLAG":"Y","S47_FLAG":true,"X_FLAG":0,"Y_FLAG":null}""", out var flags));

        Assert.True(flags.IsSet("CP_CONFERENCE_FLAG"));
        Assert.True(flags.IsSet("s47_flag"));
        Assert.False(flags["NFA_FLAG"]);
        Assert.False(flags["X_FLAG"]);
        Assert.Null(flags["Y_FLAG"]);
    }

    [Theory]
    [InlineData("""{"NFA_FLAG":"Y" """)]
    [InlineData("""["Y"]""")]
    [InlineData("\"Y\"")]
    [InlineData("1")]
    [InlineData("not json")]
    public void TryOutcomeFlags_TextThatIsNotAJsonObject_IsABadValue(string raw) => Assert.False(ValueParsers.TryOutcomeFlags(raw, out _));

    [Fact]
    public void TryOutcomeFlags_AsTheSsdLiquidLogicScriptWritesIt_EmptyStringIsAnEmptyFlagAndOtherKeysAreIgnored()
    {
        const string Json = """{"NFA_FLAG":"N","LEGAL_ACTION_FLAG":"","CP_CONFERENCE_FLAG":"Y","TOTAL_NO_OF_OUTCOMES":1,"OUTCOME_COMMENTS":"see file"}""";

        Assert.True(ValueParsers.TryOutcomeFlags(Json, out var flags));

        Assert.Equal(["CP_CONFERENCE_FLAG", "NFA_FLAG"], flags.Keys);
        Assert.True(flags.IsSet("CP_CONFERENCE_FLAG"));
        Assert.Null(flags["LEGAL_ACTION_FLAG"]);
        Assert.Null(flags["TOTAL_NO_OF_OUTCOMES"]);
    }

    [Theory]
    [InlineData("""{"NFA_FLAG":"perhaps"}""")]
    [InlineData("""{"NFA_FLAG":{"nested":1}}""")]
    [InlineData("""{"NFA_FLAG":7}""")]
    public void TryOutcomeFlags_FlagKeyWithAValueThatIsNoFlag_IsAnEmptyFlagNotABadValue(string raw)
    {
        Assert.True(ValueParsers.TryOutcomeFlags(raw, out var flags));
        Assert.Null(flags["NFA_FLAG"]);
    }

    [Theory]
    [InlineData("""{"ADOPTION":"perhaps"}""")]
    [InlineData("""{"ADOPTION":""}""")]
    [InlineData("""["Y"]""")]
    public void TryFlagObject_AnyValueThatIsNoFlag_IsNotAFlagObject(string raw) => Assert.False(ValueParsers.TryFlagObject(raw, out _));
}
