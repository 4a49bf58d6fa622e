// Production fails closed (docs/reliability.md T31, README "Production"). One switch, NODE_ENV=production, makes
// every composition root and `sluice up` refuse to start on a setting that is only fit for a laptop: an API key
// that is missing, published (`dev-`) or short, a password or secret that is missing or one of the development
// defaults, an API key secret that is missing or short. Pure: it reads the environment it is given (the process
// environment over the secrets file) and answers the problems, each naming the setting, never its value.
import { parseApiKeys } from './apiKeys.js';

export type Env = Record<string, string | undefined>;

/** The switch. Anything else is development, where the documented defaults keep `npm start` two commands. */
export const isProduction = (env: Env): boolean => env['NODE_ENV'] === 'production';

/**
 * Every credential the code base defaults to somewhere (config schemas, migrations, the launcher, Compose), so
 * published in the repository: none of them may guard a production system, whatever setting carries it.
 */
export const DEVELOPMENT_DEFAULTS: readonly string[] = ['writer-dev', 'projector-dev', 'debezium-dev', 'ops-dev', 'sluice-admin-dev', 'sluice-development-api-key-secret'];

/** Shortest API key and API key secret production accepts: 32 characters of a random alphabet is 190 bits and more. */
export const MIN_SECRET_LENGTH = 32;

export interface ProductionNeeds {
  /** The process authenticates callers: API_KEYS and API_KEY_SECRET are required. */
  apiKeys?: boolean;
  /** Passwords and secrets the process connects with: each must be set and not a development default. */
  passwords?: readonly string[];
  /** Single API keys the process presents elsewhere (PROJECTOR_METRICS_KEY): when set, held to the API_KEYS rules. */
  presentedKeys?: readonly string[];
  /** Endpoints the process sends credentials to (ES_URL): https only, so no password crosses a network in clear. */
  httpsUrls?: readonly string[];
}

function apiKeyProblems(env: Env): string[] {
  const raw = env['API_KEYS'];
  if (raw === undefined || raw.trim() === '') return ['API_KEYS: not set; production has no default keys (key:scope[+scope],... with a random key of 32+ characters per scope)'];
  const { keys, problems } = parseApiKeys(raw);
  const out = problems.map((p) => `API_KEYS: ${p}`);
  [...keys].forEach(([key, scopes], i) => {
    const which = `key #${i + 1} (${[...scopes].join('+')})`;
    if (key.startsWith('dev-')) out.push(`API_KEYS: ${which} is a development key (dev-...); generate a random one`);
    else if (key.length < MIN_SECRET_LENGTH) out.push(`API_KEYS: ${which} is shorter than ${MIN_SECRET_LENGTH} characters`);
  });
  if (keys.size === 0 && problems.length === 0) out.push('API_KEYS: names no key');
  const secret = env['API_KEY_SECRET'];
  if (!secret) out.push('API_KEY_SECRET: not set; keys are compared as HMACs with it (a random value of 32+ characters)');
  else if (DEVELOPMENT_DEFAULTS.includes(secret)) out.push('API_KEY_SECRET: is a development default');
  else if (secret.length < MIN_SECRET_LENGTH) out.push(`API_KEY_SECRET: is shorter than ${MIN_SECRET_LENGTH} characters`);
  return out;
}

function passwordProblems(env: Env, required: readonly string[]): string[] {
  const out = required.filter((name) => !env[name]).map((name) => `${name}: not set; production has no default passwords`);
  // Any password or secret, required here or not, that carries a published default is refused.
  for (const [name, value] of Object.entries(env)) {
    if (/(_PASSWORD|_SECRET)$/.test(name) && value !== undefined && DEVELOPMENT_DEFAULTS.includes(value)) out.push(`${name}: is a development default`);
  }
  return out;
}

/** The fault suite's hook (SLUICE_FAULT) makes a process kill or stall itself on purpose: never in production, whatever its value. */
function faultProblems(env: Env): string[] {
  const fault = env['SLUICE_FAULT'];
  return fault !== undefined && fault.trim() !== '' && fault.trim() !== 'none' ? ['SLUICE_FAULT: is a test-only fault hook (the process would kill or stall itself); unset it'] : [];
}

/** What is unsafe for production in this environment, one line per setting; empty in development. */
export function productionProblems(env: Env, needs: ProductionNeeds): string[] {
  if (!isProduction(env)) return [];
  const presented = (needs.presentedKeys ?? []).flatMap((name) => {
    const value = env[name];
    if (value === undefined) return [];
    if (value.startsWith('dev-')) return [`${name}: is a development key (dev-...)`];
    return value.length < MIN_SECRET_LENGTH ? [`${name}: is shorter than ${MIN_SECRET_LENGTH} characters`] : [];
  });
  const cleartext = (needs.httpsUrls ?? []).filter((name) => env[name] !== undefined && !env[name].startsWith('https://'));
  const https = cleartext.map((name) => `${name}: is not https; credentials would cross the network in clear`);
  return [...new Set([...(needs.apiKeys ? apiKeyProblems(env) : []), ...passwordProblems(env, needs.passwords ?? []), ...presented, ...https, ...faultProblems(env)])];
}

export class UnsafeProductionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`NODE_ENV=production refuses to start with these settings:\n${problems.map((p) => `  ${p}`).join('\n')}\n(README, "Production", lists what production requires.)`);
    this.name = 'UnsafeProductionError';
  }
}

/** Throws, naming every unsafe setting at once, when production mode meets a development setting. */
export function refuseUnsafeProduction(env: Env, needs: ProductionNeeds): void {
  const problems = productionProblems(env, needs);
  if (problems.length > 0) throw new UnsafeProductionError(problems);
}
