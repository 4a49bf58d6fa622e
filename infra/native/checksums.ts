// Every file the launcher downloads is checked against a SHA-256 pinned in infra/versions.json ("sha256") before
// anything of it is used: Maven's own checksums (-C) only prove that a file matches what the repository serves, a pin
// proves that it is the file this project reviewed. A file without a pin is refused like a changed one: adding a jar
// to a pom means adding its line (the refusal prints it, ready to check and paste).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** File name -> lowercase hex SHA-256. */
export type Pins = Readonly<Record<string, string>>;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface Finding {
  file: string;
  expected: string | undefined;
  actual: string;
}

export class ChecksumError extends Error {
  constructor(
    readonly artifact: string,
    readonly findings: readonly Finding[],
    pinsKey: string,
  ) {
    const lines = findings.map((f) =>
      f.expected
        ? `  ${f.file}: expected SHA-256 ${f.expected}, got ${f.actual}`
        : `  ${f.file}: no SHA-256 pinned (got ${f.actual}); if it is the publisher's file, add "${f.file}": "${f.actual}" to ${pinsKey}`,
    );
    super(
      `${artifact}: refused ${findings.length} downloaded file(s) whose SHA-256 is not the one pinned in infra/versions.json:\n${lines.join('\n')}\n` +
        'Nothing of it is used, and the next start fetches it again. A changed file in the local Maven repository ' +
        '(~/.m2/repository) is copied again from there: delete it so that Maven downloads it anew.',
    );
    this.name = 'ChecksumError';
  }
}

/** Checks each file against its pin; throws a ChecksumError naming every changed or unpinned file. */
export async function verifyFiles(artifact: string, paths: readonly string[], pins: Pins, pinsKey: string): Promise<void> {
  const findings: Finding[] = [];
  for (const path of paths) {
    const file = basename(path);
    const actual = await sha256File(path);
    const expected = pins[file]?.toLowerCase();
    if (actual !== expected) findings.push({ file, expected, actual });
  }
  if (findings.length) throw new ChecksumError(artifact, findings, pinsKey);
}

/** Checks every regular file of a folder (Kafka's lib folder: one pin per jar). */
export async function verifyFolder(artifact: string, dir: string, pins: Pins, pinsKey: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(dir, e.name)).sort();
  if (files.length === 0) throw new Error(`${artifact}: nothing was downloaded into ${dir}`);
  await verifyFiles(artifact, files, pins, pinsKey);
}
