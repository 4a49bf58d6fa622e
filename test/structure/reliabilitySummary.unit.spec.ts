// docs/reliability.md states each row's coverage twice: in its table cell and in the summary list. This keeps the
// two in step (every row in exactly one summary list, the one its cell names), and shows the check can fail.
import { readFileSync } from 'node:fs';

type Status = 'covered' | 'partly' | 'not covered yet';

/** Row id to the status its coverage cell opens with (**covered**, **partly**, **not covered yet**). */
function tableStatuses(doc: string): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const m of doc.matchAll(/^\| (T\d\d) \|.*\| \*\*(covered|partly|not covered yet)\*\*/gm)) out.set(m[1] as string, m[2] as Status);
  return out;
}

/** Row id to the summary lists naming it, as statuses. */
function summaryStatuses(doc: string): Map<string, Status[]> {
  const out = new Map<string, Status[]>();
  const summary = doc.slice(doc.indexOf('## Summary'));
  for (const line of summary.split('\n').filter((l) => l.startsWith('- **'))) {
    const status: Status = /^- \*\*Covered/.test(line) ? 'covered' : /^- \*\*Partly/.test(line) ? 'partly' : 'not covered yet';
    for (const id of line.match(/T\d\d/g) ?? []) out.set(id, [...(out.get(id) ?? []), status]);
  }
  return out;
}

function disagreements(doc: string): string[] {
  const table = tableStatuses(doc);
  const summary = summaryStatuses(doc);
  const out: string[] = [];
  for (const [id, status] of table) {
    const listed = summary.get(id) ?? [];
    if (listed.length !== 1 || listed[0] !== status) out.push(`${id}: table says ${status}, summary says ${listed.join(' and ') || 'nothing'}`);
  }
  for (const id of summary.keys()) if (!table.has(id)) out.push(`${id}: in the summary, not in the table`);
  return out;
}

describe('docs/reliability.md', () => {
  const doc = readFileSync('docs/reliability.md', 'utf8');

  it('has a coverage cell for every row T01 to T40', () => expect([...tableStatuses(doc).keys()]).toHaveLength(40));

  it('says in its summary what its table says, row by row', () => expect(disagreements(doc)).toEqual([]));

  it('would notice a row whose cell and summary disagree', () => {
    const drifted = doc.replace(/^(\| T03 \|.*\| )\*\*covered\*\*/m, '$1**partly**');
    expect(disagreements(drifted)).toEqual(['T03: table says partly, summary says covered']);
  });
});
