// Generates docs/diagnostics.md from the diagnostic catalogue (the one source of truth).
// Run: npm run docs. A tidy test fails when the committed file differs from what this produces.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, type CatalogueEntry } from '../server/src/analysis/catalogue.ts';

const HEADER = `# Diagnostics

Every finding Meshwright reports, by code. This file is generated from
\`server/src/analysis/catalogue.ts\` by \`npm run docs\`; edit the catalogue, not this file.

Codes: \`MW0001–0099\` reading text, \`MW0100–0199\` schema validation, \`MW0200–0299\` Istio admission-webhook
semantics, \`MW0300–0399\` cross-resource checks beyond istioctl, \`MW0400–0499\` CEL rules of the CRDs;
\`IST….\` codes have the same meaning as in \`istioctl analyze\`. Suppress a finding with a comment on the line
above it (\`# meshwright-disable-next-line CODE\`) or with Istio's \`galley.istio.io/analyze-suppress\`
annotation. See [analysis.md](analysis.md) for how cross-resource analysis works and how it differs from istioctl.
`;

export function renderDiagnosticsDoc(entries: readonly CatalogueEntry[] = CATALOGUE): string {
  const index = entries.map((e) => `| [${e.code}](#${e.code.toLowerCase()}) | ${e.name} | ${e.level} | ${e.title.replace(/\|/g, '\\|')} |`).join('\n');
  const sections = entries.map((e) => {
    const lines = [`<a id="${e.code.toLowerCase()}"></a>`, `## ${e.code} ${e.name}`, ''];
    const facts = [`Level: **${e.level}**`, `source: ${e.source}`];
    if (e.istio) facts.push(`istioctl reports it as ${e.istio}`);
    if (e.retired) facts.push('**retired** (no longer reported; the code is never reused)');
    lines.push(facts.join(' · '), '', e.title, '', e.docs);
    if (e.example) lines.push('', 'Example:', '', '```yaml', e.example, '```');
    return lines.join('\n');
  });
  return `${HEADER}\n| code | name | level | what is wrong |\n|---|---|---|---|\n${index}\n\n${sections.join('\n\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  writeFileSync(path.join(root, 'docs', 'diagnostics.md'), renderDiagnosticsDoc());
  console.log(`docs/diagnostics.md: ${CATALOGUE.length} codes`);
}
