// Shared configuration helpers. Each process has one zod schema; this turns the environment into a frozen,
// validated object and reports every bad variable at once.
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { DEV_API_KEY_SECRET, DEV_API_KEYS, parseApiKeys } from './apiKeys.js';

export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** Parses `key:scope1+scope2,key2:scope` into a map of API keys to scopes; an unknown scope is refused in every mode. */
export const apiKeys = z.string().transform((raw, ctx) => {
  const { keys, problems } = parseApiKeys(raw);
  for (const message of problems) ctx.addIssue({ code: 'custom', message });
  return keys;
});

/** API_KEYS: the development keys when unset (lib/production.ts refuses that in production). */
export const apiKeysSetting = () => apiKeys.default(() => new Map([...DEV_API_KEYS].map(([key, scopes]) => [key, new Set(scopes)])));

/** API_KEY_SECRET: the HMAC secret API keys are compared with (api/http/auth.ts); the launcher generates it. */
export const apiKeySecret = () => z.string().min(1).default(DEV_API_KEY_SECRET);

/** The interface a listener binds: loopback unless told otherwise (0.0.0.0 in containers). */
export const host = () => z.string().min(1).default('127.0.0.1');

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
