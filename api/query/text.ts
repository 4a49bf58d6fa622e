// The query builders' text and filter clauses live in lib/textQuery.ts, shared with the ops search (one bounded
// text query for every search box).
export { present, range, term, textQuery } from '../../lib/textQuery.js';
