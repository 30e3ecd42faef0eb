using OpenData.Etl.Diagnostics;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Geo;

/// <summary>The 'geometry' section is checked before any data row is read (odetl validate), like the rest of the pipeline.</summary>
public sealed class GeometryConfigTests
{
    private static async Task<CliResult> ValidateGeo(Func<string, string> edit)
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteGeoPipeline(dir, Repo.LivsmedelExport, edit);
        return await Odetl.RunAsync("validate", pipeline);
    }

    [Fact]
    public async Task The_shipped_geodata_pipeline_validates()
    {
        var result = await Odetl.RunAsync("validate", Repo.GeoPipeline);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("y")]
    public async Task Ambiguous_x_and_y_keys_are_refused_with_a_hint_to_name_the_axes(string key)
    {
        var result = await ValidateGeo(y => y.Replace("  easting: Ost_SWEREF99TM", $"  {key}: Ost_SWEREF99TM", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains($"error ODE0101: 'geometry.{key}' is ambiguous", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'easting' and 'northing'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Longitude_and_latitude_columns_do_not_fit_a_projected_CRS()
    {
        var result = await ValidateGeo(y => y
            .Replace("easting: Ost_SWEREF99TM", "longitude: Ost_SWEREF99TM", StringComparison.Ordinal)
            .Replace("northing: Nord_SWEREF99TM", "latitude: Nord_SWEREF99TM", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0701: EPSG:3006 is projected (metres): name the columns 'easting' and 'northing'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_half_pair_is_refused()
    {
        var result = await ValidateGeo(y => y.Replace("  northing: Nord_SWEREF99TM\n", "", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0701: 'geometry' has 'easting' but no 'northing'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EPSG:3857")]
    [InlineData("3006")]
    [InlineData("SWEREF99")]
    public async Task Only_the_supported_EPSG_codes_are_accepted(string crs)
    {
        var result = await ValidateGeo(y => y.Replace("crs: EPSG:3006", $"crs: {crs}", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains($"ODE0702: 'geometry.crs' must be one of EPSG:3006 (SWEREF 99 TM)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"found '{crs}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Geometry_columns_must_be_public()
    {
        var result = await ValidateGeo(y => y.Replace("Ost_SWEREF99TM:     { class: public }", "Ost_SWEREF99TM:     { class: internal }", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0704: 'geometry' reads from 'Ost_SWEREF99TM', which is classified internal", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Geometry_columns_must_exist_in_the_source()
    {
        var result = await ValidateGeo(y => y.Replace("easting: Ost_SWEREF99TM", "easting: Ost_SWEREF99", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0403: 'geometry' reads from 'Ost_SWEREF99', which is not a column of the source. Did you mean 'Ost_SWEREF99TM'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeoJSON_output_needs_a_geometry_section()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport, y => y.Replace("formats: [csv, json, parquet]", "formats: [csv, geojson]", StringComparison.Ordinal));

        var result = await Odetl.RunAsync("validate", pipeline);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("ODE0703: output format 'geojson' needs a 'geometry' section", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_accepts_only_null_or_reject()
    {
        var result = await ValidateGeo(y => y.Replace("missing: reject", "missing: skip", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("'geometry.missing' must be one of null, reject, found 'skip'", result.Stderr, StringComparison.Ordinal);
    }
}
