// Independent check of odetl's DCAT-AP-SE output, sharing no code with it: the RDF/XML file is parsed by
// rdfxml-streaming-parser, the shapes by N3.js, and rdf-validate-shacl checks the data against the EU
// DCAT-AP 3.0.1 core shapes. Prints one JSON line: {conforms, violations: [{focus, path, message, shape}]}.
// Usage: node validate.mjs DATA.rdf SHAPES.ttl
import fs from 'node:fs';
import rdf from '@zazuko/env';
import { Parser as N3Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import SHACLValidator from 'rdf-validate-shacl';

const [dataPath, shapesPath] = process.argv.slice(2);
if (!dataPath || !shapesPath) {
  console.error('usage: node validate.mjs DATA.rdf SHAPES.ttl');
  process.exit(2);
}

function readRdfXml(path) {
  return new Promise((resolve, reject) => {
    const dataset = rdf.dataset();
    const parser = new RdfXmlParser({ baseIRI: 'file://' + path, dataFactory: rdf });
    parser.on('data', (quad) => dataset.add(quad));
    parser.on('error', reject);
    parser.on('end', () => resolve(dataset));
    parser.write(fs.readFileSync(path));
    parser.end();
  });
}

function readTurtle(path) {
  const dataset = rdf.dataset();
  for (const quad of new N3Parser({ factory: rdf }).parse(fs.readFileSync(path, 'utf8'))) dataset.add(quad);
  return dataset;
}

const data = await readRdfXml(dataPath);
const shapes = readTurtle(shapesPath);
const validator = new SHACLValidator(shapes, { factory: rdf });
const report = await validator.validate(data);
const violations = report.results
  .filter((r) => r.severity?.value === 'http://www.w3.org/ns/shacl#Violation')
  .map((r) => ({
    focus: r.focusNode?.value,
    path: r.path?.value,
    message: r.message.map((m) => m.value).join(' '),
    shape: r.sourceConstraintComponent?.value,
  }));
console.log(JSON.stringify({ triples: data.size, conforms: report.conforms, violations }));
