using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Mapping;

public sealed class PipelineBinderTests
{
    private static async Task<CliResult> ValidateAsync(Func<string, string> edit)
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport, edit);
        return await Odetl.RunAsync("validate", pipeline);
    }

    [Fact]
    public async Task Should_pass_the_shipped_example()
    {
        var result = await ValidateAsync(y => y);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains(": ok", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_suggest_the_specification_field_for_a_misspelt_one()
    {
        var result = await ValidateAsync(y => y.Replace("facility.riskClass:", "facility.riskClas:", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0402", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'facility.riskClass'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_suggest_the_source_column_for_a_misspelt_one()
    {
        var result = await ValidateAsync(y => y.Replace("facility.name:            Anlaggning", "facility.name:            Anläggning", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0403", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'Anlaggning'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_to_map_a_dropped_column()
    {
        var result = await ValidateAsync(y => y.Replace("    inspection.assessment:    Bedomning", "    inspection.assessment:    Bedomning\n    inspection.ownerComment:  Kommentar", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0204", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Kommentar'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_require_a_mapping_for_every_required_field()
    {
        var result = await ValidateAsync(y => string.Join('\n', y.Split('\n').Where(l => !l.Contains("inspection.date:", StringComparison.Ordinal))));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0404", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'inspection.date'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_check_the_row_uri_template_placeholders()
    {
        var result = await ValidateAsync(y => y.Replace("{inspection.idLocal}", "{inspection.id}", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0406", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_options_that_do_not_fit_the_field_type()
    {
        var result = await ValidateAsync(y => y.Replace("facility.name:            Anlaggning", "facility.name:            { from: Anlaggning, decimals: 2 }", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("'decimals' applies to number fields only", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_with_the_usage_code_for_a_bad_command_line()
    {
        var result = await Odetl.RunAsync("run");
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("odetl --help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_with_the_io_code_when_the_source_is_missing()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, dir.File("nothing.csv"));
        var result = await Odetl.RunAsync("run", pipeline);
        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("ODE0106", result.Stderr, StringComparison.Ordinal);
    }
}
