// Shared configuration helpers. Each process has one zod schema; this turns the environment into a frozen,
// validated object and reports every bad variable at once.
import { z } from 'zod';
import { ConfigError } from './errors.js';

export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

/** Parses `key:scope1+scope2,key2:scope` into a map of API keys to scopes. */
export const apiKeys = z
  .string()
  .transform((raw, ctx) => {
    const keys = new Map<string, Set<string>>();
    for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [key, scopes] = entry.split(':');
      if (!key || !scopes) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not key:scope[+scope]` });
        continue;
      }
      keys.set(key, new Set(scopes.split('+')));
    }
    return keys;
  });

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
