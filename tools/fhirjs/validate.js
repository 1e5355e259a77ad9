// FHIR.js (npm `fhir`, pinned in package.json) on every *.json file of a folder, for
// scripts/benchmark_cli.py: read the file, JSON.parse it, fhir.validate() it (structure, required
// bindings, reference types; FHIR.js checks no invariants).
//   node validate.js FOLDER          one pass, then exit (the benchmark's fresh-process timing)
//   node validate.js FOLDER --serve  one pass per line read from stdin, answered by one JSON line
//                                    with that pass's CPU seconds, so the benchmark can alternate
//                                    FHIR.js with its other sides in one warm process each
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { Fhir } = require('fhir');

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: node validate.js FOLDER [--serve]\n');
  process.exit(2);
}
const fhir = new Fhir();

function pass() {
  let files = 0;
  let errors = 0;
  for (const name of fs.readdirSync(folder).filter((entry) => entry.endsWith('.json')).sort()) {
    const resource = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
    const result = fhir.validate(resource, {});
    errors += result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal').length;
    files += 1;
  }
  return { files, errors };
}

function cpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

if (process.argv.includes('--serve')) {
  readline.createInterface({ input: process.stdin }).on('line', () => {
    const start = cpuSeconds();
    const answer = pass();
    answer.cpu_s = cpuSeconds() - start;
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
} else {
  process.stdout.write(JSON.stringify(pass()) + '\n');
}
