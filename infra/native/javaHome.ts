// The JDK every JVM of the stack runs on: JAVA_HOME if set, else the `java` on PATH (Java 17+).
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

export function findJavaHome(env: Record<string, string | undefined>): string {
  if (env['JAVA_HOME']) return env['JAVA_HOME'];
  const which = execFileSync('sh', ['-c', 'command -v java'], { encoding: 'utf8' }).trim();
  if (!which) throw new Error('java not found: install a JDK 17 or newer, or set JAVA_HOME');
  return realpathSync(which).replace(/\/bin\/java$/, '');
}
