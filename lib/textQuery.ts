// Free text never reaches Elasticsearch as DSL: `simple_query_string` over allowlisted fields, which never throws
// on bad syntax, with only cheap operators enabled. Fuzzy (`a~10`), slop and near are off, so such input is
// searched literally; regex and field syntax (`/.*/`, `tenant:*`) do not exist in simple_query_string (T33).
/** An Elasticsearch request body or clause (api/query/list.ts Body). */
type Body = Record<string, unknown>;

const FLAGS = 'AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|ESCAPE|WHITESPACE';

export const textQuery = (q: string, fields: readonly string[]): Body => ({
  simple_query_string: {
    query: q,
    fields: [...fields],
    default_operator: 'and',
    flags: FLAGS,
    lenient: true,
    analyze_wildcard: false,
    auto_generate_synonyms_phrase_query: false,
  },
});

export const term = (field: string, value: string | boolean): Body => ({ term: { [field]: value } });

export const range = (field: string, bounds: { gte?: string | number | undefined; lte?: string | number | undefined; lt?: string | number | undefined }): Body | undefined => {
  const defined = Object.fromEntries(Object.entries(bounds).filter(([, v]) => v !== undefined));
  return Object.keys(defined).length > 0 ? { range: { [field]: defined } } : undefined;
};

export const present = <T>(items: readonly (T | undefined | false | "")[]): T[] => items.filter((x): x is T => x !== undefined && x !== false && x !== "");
