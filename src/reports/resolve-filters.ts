import { distance } from 'fastest-levenshtein';
import type { Database } from '../db/client.js';
import { customersLike, customersNamed, filterVocabulary, salesmanRegions, type CustomerRef, type VocabRow } from '../db/queries/filter-values.js';
import { AppError } from '../lib/errors.js';
import { FILTER_USAGE, type ReportFilters } from '../lib/report-filters.js';
import { didYouMean } from '../lib/text-tokens.js';
import { REPORTS } from './registry.js';
import { assertScopeAllows, OWN_HINT, OWN_ONLY } from './user-scope-check.js';
import type { ReportScope } from './report-module.js';

/** Who asks, as far as resolving `me` and checking scope needs. */
export interface Asker {
  scope: ReportScope;
  /**
   * The asker's own salesman id (slack_users link or salesmen.slack_user_id/email): a string when
   * linked, null for a Slack user with no link, undefined when nobody asks (CLI, HTTP API).
   */
  me?: string | null | undefined;
  /** The asker's role, so the "get linked" sentence fits (an admin links themselves). */
  role?: string | undefined;
}

/** The region, category and salesman lists of one database, kept briefly: they change only on import. */
const VOCAB_TTL_MS = 30_000;
const vocabCache = new WeakMap<Database, { at: number; rows: Promise<VocabRow[]> }>();

/** Regions, categories and salesmen of the data (cached for 30 s per database handle). */
export function vocabulary(database: Database): Promise<VocabRow[]> {
  const hit = vocabCache.get(database);
  if (hit && Date.now() - hit.at < VOCAB_TTL_MS) return hit.rows;
  const rows = filterVocabulary(database);
  vocabCache.set(database, { at: Date.now(), rows });
  rows.catch(() => vocabCache.delete(database));
  return rows;
}

/** Example values that exist in the data, for help texts and usage errors. */
export interface FilterExamples {
  region?: string;
  category?: string;
  salesman?: { id: string; name: string };
}

/** The first region, category and salesman of the data (alphabetical), or nothing when it is empty. */
export async function filterExamples(database: Database): Promise<FilterExamples> {
  const rows = await vocabulary(database);
  const region = rows.find((r) => r.kind === 'region')?.value;
  const category = rows.find((r) => r.kind === 'category')?.value;
  const s = rows.find((r) => r.kind === 'salesman');
  return { ...(region ? { region } : {}), ...(category ? { category } : {}), ...(s ? { salesman: { id: s.value, name: s.name ?? s.value } } : {}) };
}

const lc = (s: string) => s.toLocaleLowerCase('en');
const q = (s: string) => (/\s/.test(s) ? `"${s}"` : s);

/** Up to `max` values, closest to `word` first, with "and N more" rather than a silent cut. */
function listed(values: readonly string[], word: string, max = 8): string {
  const sorted = [...values].sort((a, b) => distance(lc(word), lc(a)) - distance(lc(word), lc(b)) || a.localeCompare(b));
  const shown = sorted.slice(0, max).join(', ');
  return sorted.length > max ? `${shown} and ${sorted.length - max} more` : shown;
}

type Kind = 'region' | 'category' | 'salesman' | 'customer';
interface Hit {
  kind: Kind;
  /** The stored value the filter takes: region/category as stored, salesman/customer portal id. */
  value: string;
  /** How the person would recognise it. */
  label: string;
}

const hitText = (h: Hit) => `${h.kind} ${h.label}`;

function salesmanLabel(r: VocabRow): string {
  return r.name ? `${r.name} (${r.value})` : r.value;
}

/** Lists of what the data holds, for "could mean" replies. */
function whatExists(vocab: readonly VocabRow[], word: string, near: readonly CustomerRef[]): string {
  const of = (kind: VocabRow['kind']) => vocab.filter((r) => r.kind === kind);
  const parts: string[] = [];
  const regions = of('region').map((r) => r.value);
  const categories = of('category').map((r) => r.value);
  const salesmen = of('salesman').map(salesmanLabel);
  if (regions.length) parts.push(`regions: ${listed(regions, word)}`);
  if (categories.length) parts.push(`categories: ${listed(categories, word)}`);
  if (salesmen.length) parts.push(`salesmen: ${listed(salesmen, word, 6)}`);
  if (near.length) parts.push(`customers like it: ${near.map((c) => `${c.name} (${c.externalId})`).join(', ')}`);
  return parts.length ? `Your data has ${parts.join('; ')}.` : 'Your data has no regions, categories or salesmen yet; import sales first.';
}

/**
 * A salesman's value that names nothing in his book, whether it exists elsewhere or nowhere: one
 * wording for both (the scope sentence of issue 11), so the refusal cannot confirm someone else's ids.
 */
function outsideBook(what: string): AppError {
  return new AppError('FORBIDDEN', `${OWN_ONLY}; ${what}`, { hint: OWN_HINT });
}

function usage(message: string, hint = FILTER_USAGE): AppError {
  return new AppError('USAGE', message, { hint });
}

/** The asker's own salesman id for `me`, or a sentence saying how to get linked. */
function mine(asker: Asker): string {
  if (asker.scope.kind === 'salesman') return asker.scope.salesmanExternalId;
  if (asker.me) return asker.me;
  if (asker.me === undefined) {
    throw usage('`me` means the person asking in Slack; here, name the salesman instead (salesman:<id or name>).');
  }
  throw new AppError('UNMAPPED_USER', "You aren't linked to a salesman, so `me` has no customers to show.", {
    hint:
      asker.role === 'admin'
        ? 'Link yourself with `/sales admin link @you <salesman id>`, or name the salesman (salesman:<id or name>).'
        : 'Ask an admin to run `/sales admin link @you <salesman id>`, or name the salesman (salesman:<id or name>).',
  });
}

/**
 * Turns what a person typed into filters the SQL understands, against the data itself:
 * - region and category values match stored names ignoring case (`region:iberia` → "Iberia");
 * - salesman values are portal ids or names (`salesman:"Erik Bernard"` → its id), `me` the asker's own;
 * - customer values are portal ids or names;
 * - each plain word (`filters.words`) must name exactly one region, category, salesman or customer and
 *   becomes that filter; a word naming none or several is a USAGE error listing real values it could mean;
 * - a salesman asking for another salesman's book gets a FORBIDDEN scope sentence, not an empty answer.
 * Returns new filters without `words`; the input is not changed.
 */
export async function resolveFilters(database: Database, filters: ReportFilters, asker: Asker): Promise<ReportFilters> {
  const members = ['region', 'category', 'salesman', 'customer'] as const;
  if (!members.some((k) => filters[k]?.length) && !filters.words?.length) return filters;
  try {
    return await resolveWith(database, await vocabularyFor(database, asker), filters, asker);
  } catch (e) {
    // The cached lists may predate an import that just added the name: look again before saying no.
    if (!(e instanceof AppError) || e.code !== 'USAGE' || !vocabCache.has(database)) throw e;
    vocabCache.delete(database);
    return resolveWith(database, await vocabularyFor(database, asker), filters, asker);
  }
}

/**
 * What the asker may name and be offered: everything for a manager; for a salesman, the regions of his
 * own customers, himself and every category (the catalogue is not anyone's book). Resolving against
 * this list, not the whole data, means a value outside his book reads exactly like one that does not
 * exist, and no "did you mean" or list shows him other regions or salesmen.
 */
async function vocabularyFor(database: Database, asker: Asker): Promise<VocabRow[]> {
  const all = await vocabulary(database);
  const scope = asker.scope;
  if (scope.kind !== 'salesman') return all;
  const regions = new Set(await salesmanRegions(database, scope.salesmanId));
  return all.filter((r) => r.kind === 'category' || (r.kind === 'region' ? regions.has(r.value) : r.value === scope.salesmanExternalId));
}

/** Customers the asker may name: a salesman's own only (see {@link vocabularyFor}). */
function visible(customers: readonly CustomerRef[], asker: Asker): CustomerRef[] {
  const owner = ownerOf(asker);
  return owner === undefined ? [...customers] : customers.filter((c) => c.salesmanId !== null && Number(c.salesmanId) === owner);
}

async function resolveWith(database: Database, vocab: readonly VocabRow[], filters: ReportFilters, asker: Asker): Promise<ReportFilters> {
  const { words, ...rest } = filters;
  const out: ReportFilters = { ...rest };
  const inData = asker.scope.kind === 'salesman' ? 'in your data' : 'in the data';
  const add = (kind: Kind, value: string) => {
    out[kind] = [...new Set([...(out[kind] ?? []), value])];
  };

  for (const kind of ['region', 'category'] as const) {
    const values = filters[kind];
    if (!values?.length) continue;
    const known = vocab.filter((r) => r.kind === kind).map((r) => r.value);
    out[kind] = [
      ...new Set(
        values.map((v) => {
          const found = known.find((k) => k === v) ?? known.find((k) => lc(k) === lc(v));
          if (found === undefined) {
            const guess = didYouMean(v, known);
            throw usage(`No ${kind} "${v}" ${inData}.${guess ? ` Did you mean ${kind}:${q(guess)}?` : ''} ${kind === 'region' ? 'Regions' : 'Categories'}: ${listed(known, v) || 'none'}.`);
          }
          return found;
        }),
      ),
    ];
  }

  const salesmen = vocab.filter((r) => r.kind === 'salesman');
  if (filters.salesman?.length) {
    out.salesman = [
      ...new Set(
        filters.salesman.map((v) => {
          if (['me', 'mine', 'my'].includes(lc(v))) return mine(asker);
          const byId = salesmen.find((s) => s.value === v) ?? salesmen.find((s) => lc(s.value) === lc(v));
          if (byId) return byId.value;
          const byName = salesmen.filter((s) => s.name !== null && lc(s.name) === lc(v));
          if (byName.length === 1) return byName[0]!.value;
          if (byName.length > 1) throw usage(`Several salesmen are called "${v}": ${byName.map(salesmanLabel).join(', ')}; give the id (salesman:<id>).`);
          if (asker.scope.kind === 'salesman') throw outsideBook(`salesman "${v}" is not found in your data.`);
          throw usage(`No salesman "${v}" in the data. Salesmen: ${listed(salesmen.map(salesmanLabel), v, 10)}.`);
        }),
      ),
    ];
  }

  if (filters.customer?.length) {
    const found = visible(await customersNamed(database, filters.customer), asker);
    const ids: string[] = [];
    for (const v of filters.customer) {
      const byId = found.find((c) => c.externalId === v) ?? found.find((c) => lc(c.externalId) === lc(v));
      const byName = found.filter((c) => lc(c.name) === lc(v));
      if (byId) ids.push(byId.externalId);
      else if (byName.length === 1) ids.push(byName[0]!.externalId);
      else if (byName.length > 1) throw usage(`Several customers are called "${v}": ${byName.slice(0, 8).map((c) => c.externalId).join(', ')}; give the id (customer:<id>).`);
      else {
        const near = await customersLike(database, v, 6, ownerOf(asker));
        const like = near.length ? ` Customers like it: ${near.map((c) => `${c.name} (${c.externalId})`).join(', ')}.` : '';
        if (ownerOf(asker) !== undefined) throw outsideBook(`customer "${v}" is not found in your data.${like}`);
        throw usage(`No customer "${v}" in the data.${like}`);
      }
    }
    out.customer = [...new Set(ids)];
  }

  if (words?.length) {
    // Unquoted names of several words ("churn for Erik Bernard") are tried as one name first, longest first.
    const runs: string[] = [];
    for (let i = 0; i < words.length; i++) for (let n = 2; n <= Math.min(4, words.length - i); n++) runs.push(words.slice(i, i + n).join(' '));
    const customers = visible(await customersNamed(database, [...words, ...runs]), asker);
    for (let i = 0; i < words.length; i++) {
      let joined = false;
      for (let n = Math.min(4, words.length - i); n >= 2 && !joined; n--) {
        const hits = exactHits(words.slice(i, i + n).join(' '), vocab, customers);
        if (hits.length === 1) {
          add(hits[0]!.kind, hits[0]!.value);
          i += n - 1;
          joined = true;
        }
      }
      if (joined) continue;
      const word = words[i]!;
      const hits = exactHits(word, vocab, customers);
      if (hits.length === 1) {
        add(hits[0]!.kind, hits[0]!.value);
        continue;
      }
      if (hits.length > 1) {
        throw usage(`"${word}" could mean ${hits.slice(0, 8).map(hitText).join(' or ')}${hits.length > 8 ? ` and ${hits.length - 8} more` : ''}; say which, e.g. ${keyed(hits[0]!)}.`);
      }
      const partial = partialSalesman(word, salesmen);
      if (partial) {
        add('salesman', partial.value);
        continue;
      }
      const near = await customersLike(database, word, 6, ownerOf(asker));
      const report = reportNear(word);
      throw usage(
        `"${word}" is not a region, category, salesman or customer in your data, nor a period I know.${ownerOf(asker) === undefined ? '' : ` ${OWN_ONLY}.`}${report ? ` If you meant the ${report} report, ask \`/sales ${report}\`.` : ''} ${whatExists(vocab, word, near)}`,
        `Write it as it appears, e.g. ${exampleKeys(vocab, near)}; periods like \`last month\`, \`Q3 2025\`, \`since March\`. \`/sales help\` lists the reports.`,
      );
    }
  }

  await assertScopeAllows(database, asker.scope, out);
  return out;
}

/** The report a mistyped report word most likely names ("chrun" → churn), if any. */
function reportNear(word: string): string | undefined {
  const phrase = didYouMean(lc(word), REPORTS.flatMap((r) => r.phrases));
  return phrase === undefined ? undefined : REPORTS.find((r) => r.phrases.includes(phrase))?.name;
}

const ownerOf = (asker: Asker): number | undefined => (asker.scope.kind === 'salesman' ? asker.scope.salesmanId : undefined);

function keyed(h: Hit): string {
  return `${h.kind}:${q(h.kind === 'salesman' || h.kind === 'customer' ? h.value : h.label)}`;
}

function exampleKeys(vocab: readonly VocabRow[], near: readonly CustomerRef[]): string {
  const ex: string[] = [];
  const region = vocab.find((r) => r.kind === 'region');
  const category = vocab.find((r) => r.kind === 'category');
  const salesman = vocab.find((r) => r.kind === 'salesman');
  if (region) ex.push(`\`region:${q(region.value)}\``);
  if (category) ex.push(`\`category:${q(category.value)}\``);
  if (salesman) ex.push(`\`salesman:${q(salesman.name ?? salesman.value)}\``);
  if (near[0]) ex.push(`\`customer:${near[0].externalId}\``);
  return ex.join(', ') || '`region:<name>`';
}

/** Everything `word` names exactly (ignoring case); a salesman named by id and by name counts once. */
function exactHits(word: string, vocab: readonly VocabRow[], customers: readonly CustomerRef[]): Hit[] {
  const w = lc(word);
  const hits: Hit[] = [];
  for (const r of vocab) {
    if (r.kind === 'salesman') {
      if (lc(r.value) === w || (r.name !== null && lc(r.name) === w)) hits.push({ kind: 'salesman', value: r.value, label: salesmanLabel(r) });
    } else if (lc(r.value) === w) hits.push({ kind: r.kind, value: r.value, label: q(r.value) });
  }
  for (const c of customers) {
    if (lc(c.externalId) === w || lc(c.name) === w) hits.push({ kind: 'customer', value: c.externalId, label: `${c.name} (${c.externalId})` });
  }
  return hits;
}

/** The one salesman whose first or last name is `word` ("Erik" for Erik Bernard), if exactly one. */
function partialSalesman(word: string, salesmen: readonly VocabRow[]): VocabRow | undefined {
  const w = lc(word);
  if (w.length < 3) return undefined;
  const matches = salesmen.filter((s) => s.name !== null && lc(s.name).split(/\s+/).includes(w));
  return matches.length === 1 ? matches[0] : undefined;
}
