using System.Diagnostics;
using System.Text.Json;
using OpenData.Etl.Diagnostics;
using OpenData.Etl.Metadata;
using OpenData.Etl.Pipelines;
using OpenData.Etl.Rdf;
using OpenData.Etl.Running;
using OpenData.Etl.Tests.Support;

namespace OpenData.Etl.Tests.Metadata;

/// <summary>What <c>run</c> publishes about the data, computed from the files it wrote.</summary>
public sealed class MetadataRunTests
{
    private static readonly DateTimeOffset First = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 2, 5, 6, 0, 0, TimeSpan.Zero);

    private static async Task<RunResult> Run(string pipelinePath, DateTimeOffset now) =>
        await new PipelineRunner { Time = new FixedTime(now) }.RunAsync(PipelineLoader.Load(pipelinePath));

    private static HashSet<(string, string, string)> Triples(string rdfPath)
    {
        // Blank nodes are named by the resource that owns them, so triples compare across runs.
        var graph = RdfXmlParser.Parse(rdfPath, rdfPath);
        string Name(RdfTerm t) => t.Kind != TermKind.Blank ? t.ToString() : string.Join("|", graph.Triples.Where(x => x.Object == t).Select(x => x.Subject + " " + x.Predicate));
        return [.. graph.Triples.Select(t => (Name(t.Subject), t.Predicate, Name(t.Object)))];
    }

    [Fact]
    public async Task A_run_publishes_rdf_and_turtle_that_validate_without_errors_and_describe_every_file()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        var result = await Run(pipeline, First);

        Assert.Equal(["livsmedelskontroller.rdf", "livsmedelskontroller.ttl"], result.MetadataFiles.Select(Path.GetFileName));
        foreach (var file in result.MetadataFiles)
            Assert.DoesNotContain(DcatValidator.Default.Validate(RdfFiles.Read(file, file), file), d => d.IsError);

        var graph = RdfXmlParser.Parse(result.MetadataFiles[0], "x.rdf");
        var turtle = TurtleParser.Parse(File.ReadAllText(result.MetadataFiles[1]), "x.ttl");
        Assert.Equal(graph.Triples.Count, turtle.Triples.Count);
        foreach (var output in result.Outputs)
        {
            var url = "https://data.malmo.example.se/files/livsmedelskontroller/" + Path.GetFileName(output.Path);
            var distribution = Assert.Single(graph.Triples, t => t.Predicate == Vocab.Dcat + "accessURL" && t.Object.Value == url).Subject;
            Assert.Equal(output.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(graph.Objects(distribution, Vocab.Dcat + "byteSize")).Value);
            var checksum = Assert.Single(graph.Objects(distribution, Vocab.Spdx + "checksum"));
#pragma warning disable CA5350 // SHA-1 is what the metadata must state
            var sha1 = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(output.Path)));
#pragma warning restore CA5350
            Assert.Equal(sha1, Assert.Single(graph.Objects(checksum, Vocab.Spdx + "checksumValue")).Value);
            Assert.Equal(url, Assert.Single(graph.Objects(distribution, Vocab.Dcat + "downloadURL")).Value);
        }
        Assert.Equal(["application/json", "application/vnd.apache.parquet", "text/csv"],
            graph.Triples.Where(t => t.Predicate == Vocab.Dcterms + "format").Select(t => t.Object.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Temporal_coverage_is_the_first_and_last_inspection_date_in_the_published_data()
    {
        using var dir = new TempDir();
        var result = await Run(PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport), First);

        using var json = JsonDocument.Parse(File.ReadAllBytes(result.Outputs.Single(o => o.Format == OutputFormat.Json).Path));
        var dates = json.RootElement.EnumerateArray().Select(r => r.GetProperty("inspection.date")).Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => DateTimeOffset.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime).ToList();
        Assert.True(dates.Count > 10);

        var graph = RdfXmlParser.Parse(result.MetadataFiles[0], "x.rdf");
        var period = Assert.Single(graph.SubjectsOfType(Vocab.Dcterms + "PeriodOfTime"));
        var start = Assert.Single(graph.Objects(period, Vocab.Dcat + "startDate"));
        Assert.Equal(Vocab.Xsd + "dateTime", start.Datatype);
        Assert.Equal(dates.Min().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), start.Value);
        Assert.Equal(dates.Max().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(graph.Objects(period, Vocab.Dcat + "endDate")).Value);
    }

    [Fact]
    public async Task Running_twice_on_unchanged_data_gives_byte_identical_metadata_even_a_month_later()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        var first = await Run(pipeline, First);
        var before = first.MetadataFiles.Select(File.ReadAllBytes).ToList();
        var second = await Run(pipeline, Later);

        Assert.Equal(before, second.MetadataFiles.Select(File.ReadAllBytes).ToList());
        Assert.Contains("2026-01-05T06:00:00Z", File.ReadAllText(second.MetadataFiles[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("2026-02-05", File.ReadAllText(second.MetadataFiles[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_one_source_row_changes_only_sizes_checksums_and_modified_dates()
    {
        using var dir = new TempDir();
        var lines = PipelineFiles.ExportLines();
        var export = PipelineFiles.WriteExport(dir, lines);
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, export);
        var first = await Run(pipeline, First);
        var before = Triples(first.MetadataFiles[0]);

        var row = lines.FindIndex(l => l.StartsWith("K-2024-", StringComparison.Ordinal));
        var anlaggning = Array.IndexOf(lines[0].Split(';'), "Anlaggning");
        var fields = lines[row].Split(';');
        fields[anlaggning] += " AB";
        lines[row] = string.Join(';', fields);
        PipelineFiles.WriteExport(dir, lines);
        var second = await Run(pipeline, Later);
        var after = Triples(second.MetadataFiles[0]);

        var changed = before.Except(after).Concat(after.Except(before)).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, t => Assert.Contains(t.Item2, new[] { Vocab.Dcat + "byteSize", Vocab.Spdx + "checksumValue", Vocab.Dcterms + "modified" }));
        // Every format holds the row, so each distribution's size (CSV/JSON grew by 3 bytes), checksum and date moved.
        Assert.Equal(3, after.Except(before).Count(t => t.Item2 == Vocab.Spdx + "checksumValue"));
        Assert.Equal(2 + 3, after.Except(before).Count(t => t.Item2 == Vocab.Dcterms + "modified" && t.Item3.Contains("2026-02-05T06:00:00Z", StringComparison.Ordinal)));
        Assert.Contains(after.Except(before), t => t.Item2 == Vocab.Dcat + "byteSize");
        Assert.DoesNotContain(after, t => t.Item2 == Vocab.Dcterms + "issued" && t.Item3.Contains("2026-02-05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pipeline_with_a_dataset_but_no_catalog_configuration_fails_before_reading_data()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        File.Delete(dir.File("catalog.yaml"));
        var result = await Odetl.RunAsync("run", pipeline);

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(Codes.CatalogMissing, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("reading", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task A_temporal_field_that_is_not_a_date_is_a_configuration_error()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport,
            yaml => yaml.Replace("temporal-field: inspection.date", "temporal-field: facility.name", StringComparison.Ordinal));
        var result = await Odetl.RunAsync("run", pipeline);
        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(Codes.UnknownField, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public async Task An_unreadable_earlier_metadata_file_is_a_warning_and_every_file_counts_as_changed()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        var first = await Run(pipeline, First);
        File.WriteAllText(first.MetadataFiles[0], "<not rdf");
        using var log = new StringWriter();
        var second = await new PipelineRunner(log) { Time = new FixedTime(Later) }.RunAsync(PipelineLoader.Load(pipeline));

        Assert.Contains(Codes.PreviousMetadataUnreadable, log.ToString(), StringComparison.Ordinal);
        Assert.Contains("2026-02-05T06:00:00Z", File.ReadAllText(second.MetadataFiles[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_command_merges_published_datasets_with_one_publisher_and_one_contact_point()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        Assert.Equal(ExitCodes.IoError, (await Odetl.RunAsync("catalog", dir.Path, "-o", dir.File("catalog.rdf"))).ExitCode); // nothing published yet
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        var result = await Odetl.RunAsync("catalog", dir.Path, "-o", dir.File("catalog.rdf"));

        Assert.True(result.ExitCode == 0, result.All);
        var graph = RdfXmlParser.Parse(dir.File("catalog.rdf"), "catalog.rdf");
        Assert.DoesNotContain(DcatValidator.Default.Validate(graph, "catalog.rdf"), d => d.IsError);
        Assert.Single(graph.SubjectsOfType(Vocab.Dcat + "Catalog"));
        Assert.Single(graph.SubjectsOfType(Vocab.Foaf + "Agent"));
        Assert.Single(graph.SubjectsOfType(Vocab.Vcard + "Organization"));
        Assert.Single(graph.SubjectsOfType(Vocab.Dcat + "Dataset"));
        Assert.Equal(3, graph.SubjectsOfType(Vocab.Dcat + "Distribution").Count());
    }

    [Fact]
    public async Task Running_a_folder_runs_every_pipeline_and_then_publishes_their_catalog()
    {
        using var dir = new TempDir();
        PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        var result = await Odetl.RunAsync("run", dir.Path, "-q", "-o", dir.File("site"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.True(File.Exists(dir.File("site", "livsmedelskontroller", "livsmedelskontroller.rdf")));
        var catalog = RdfXmlParser.Parse(dir.File("site", "catalog.rdf"), "catalog.rdf");
        var dataset = Assert.Single(catalog.SubjectsOfType(Vocab.Dcat + "Dataset"));
        Assert.EndsWith("5f0a2510-a9d0-4aba-a9aa-809fdeb9ee25", dataset.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(DcatValidator.Default.Validate(catalog, "catalog.rdf"), d => d.IsError);
    }

    [Fact]
    public async Task The_catalog_passes_the_EU_SHACL_shapes_in_an_independent_validator_except_the_known_format_conflict()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        Assert.Equal(0, (await Odetl.RunAsync("run", pipeline, "-q")).ExitCode);
        Assert.Equal(0, (await Odetl.RunAsync("catalog", dir.Path, "-o", dir.File("catalog.rdf"))).ExitCode);

        var stdout = await Shacl(dir.File("catalog.rdf"));
        using var report = JsonDocument.Parse(stdout);
        Assert.True(report.RootElement.GetProperty("triples").GetInt32() > 100);
        var violations = report.RootElement.GetProperty("violations").EnumerateArray().ToList();
        var unexpected = violations.Where(v => v.GetProperty("path").GetString() != "http://purl.org/dc/terms/format").Select(v => v.ToString()).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.Equal(3, violations.Count); // the literal media type on each distribution, as DCAT-AP-SE requires (DIGG issue #105)
    }

    [Fact]
    public async Task The_independent_SHACL_check_does_report_a_distribution_without_accessURL()
    {
        using var dir = new TempDir();
        var pipeline = PipelineFiles.WriteExamplePipeline(dir, Repo.LivsmedelExport);
        var result = await Run(pipeline, First);
        var broken = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(result.MetadataFiles[0]), "<dcat:accessURL [^>]*/>", "");
        File.WriteAllText(dir.File("broken.rdf"), broken);

        using var report = JsonDocument.Parse(await Shacl(dir.File("broken.rdf")));
        Assert.Equal(3, report.RootElement.GetProperty("violations").EnumerateArray().Count(v => v.GetProperty("path").GetString() == Vocab.Dcat + "accessURL"));
    }

    /// <summary>Runs tests/shacl/validate.mjs (Node) on an RDF/XML file against the EU core shapes; returns its JSON report.</summary>
    private static async Task<string> Shacl(string rdfPath)
    {
        var script = Repo.PathOf("tests", "shacl", "validate.mjs");
        Assert.True(Directory.Exists(Repo.PathOf("tests", "shacl", "node_modules")), "run: npm ci --prefix tests/shacl (.ci/run does)");
        var start = new ProcessStartInfo("node", [script, rdfPath, Repo.DcatShared("dcat-ap-3.0.1", "html-shacl", "shapes.ttl")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, stderr);
        return await stdout;
    }
}
