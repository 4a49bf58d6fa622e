// Alias lookups and changes. An `_aliases` call is atomic across its actions, which is what makes the swap
// invisible to readers: at every instant the read alias points at exactly one complete index.
import type { EsClient } from './client.js';

/** alias name -> the one index it points at; aliases that do not exist are absent. */
export async function resolveAliases(client: EsClient, aliases: readonly string[]): Promise<Map<string, string>> {
  // A missing name answers 404 with the ones that exist still in the body.
  const body = (await client.indices.getAlias({ name: [...aliases] }, { ignore: [404] })) as Record<string, unknown>;
  const found = new Map<string, string>();
  for (const [index, entry] of Object.entries(body)) {
    const names = (entry as { aliases?: Record<string, unknown> } | null)?.aliases;
    if (!names || typeof names !== 'object') continue;
    for (const alias of Object.keys(names)) if (aliases.includes(alias)) found.set(alias, index);
  }
  return found;
}

export type AliasAction = { add: { index: string; alias: string } } | { remove: { index: string; alias: string } };

export async function updateAliases(client: EsClient, actions: readonly AliasAction[]): Promise<void> {
  if (actions.length > 0) await client.indices.updateAliases({ actions: [...actions] as never });
}
