// The native stack as a whole: its components in start order, and the context they share.
import type { Component } from './component.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { secretsFileOf, withSecrets } from '../../lib/secrets.js';
import { createStackContext, loadStackConfig, type StackContext } from './context.js';
import { ensureSecrets } from './secrets.js';
import { findJavaHome } from './javaHome.js';
import { ensureRunAs } from './runAs.js';
import { postgres } from './components/postgres.js';
import { kafka } from './components/kafka.js';
import { connect } from './components/connect.js';
import { elasticsearch } from './components/elasticsearch.js';
import { appComponents } from './components/apps.js';

export const infraComponents: Component[] = [postgres, kafka, elasticsearch, connect];

export const allComponents = (): Component[] => [...infraComponents, ...appComponents()];

/** The secrets file of this home, created or completed first: every component and process reads it. */
function prepareSecrets(env: Record<string, string | undefined>): string {
  const secretsFile = secretsFileOf(env);
  const madeBefore = !existsSync(secretsFile) && existsSync(`${resolve(env['SLUICE_HOME'] ?? '.infra')}/data/postgres/PG_VERSION`);
  ensureSecrets({ file: secretsFile, production: env['NODE_ENV'] === 'production', ...(madeBefore ? { legacyPostgresAdmin: 'sluice-admin-dev' } : {}) });
  return secretsFile;
}

export function createContext(env: Record<string, string | undefined>, say: (line: string) => void): StackContext {
  const secretsFile = prepareSecrets(env);
  const config = loadStackConfig(withSecrets({ ...env, SLUICE_SECRETS_FILE: secretsFile }));
  return createStackContext(config, { runAs: ensureRunAs(config.SLUICE_RUN_AS), javaHome: findJavaHome(env), say, secretsFile });
}

export { up, down, status, ComponentFailedError } from './stack.js';
