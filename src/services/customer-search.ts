import { distance } from 'fastest-levenshtein';
import type { Database } from '../db/client.js';
import { customerByExternalId, customerSearchCandidates, type CustomerRecordRow } from '../db/queries/customer-search.js';
import { AppError } from '../lib/errors.js';
import type { ReportScope } from '../reports/report-module.js';

/** A customer as search results show it (portal ids, owner beside). */
export interface Customer {
  customerId: string;
  name: string;
  city: string | null;
  region: string | null;
  /** Owner's portal id and name; null when unassigned. */
  salesmanId: string | null;
  salesmanName: string | null;
  /** 0..1, how well the name or id matches what was typed (1 = exact). */
  score: number;
}

/** Candidates fetched from SQL before ranking: enough for typos, small enough to rank in Node. */
export const SEARCH_CANDIDATE_CAP = 50;
const MAX_TRIGRAMS = 16;
/** Below this a candidate is noise (e.g. one shared trigram), not a suggestion. */
const MIN_SCORE = 0.4;

function words(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function trigramsOf(ws: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of ws) {
    const p = ` ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  }
  return [...out].slice(0, MAX_TRIGRAMS);
}

function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - distance(a, b) / n;
}

/**
 * How well a name / id matches the query, 0..1: exact name 1, name prefix .95, a word prefix .9, all
 * words as prefixes .88, substring .85, id prefix .8; otherwise edit-distance similarity (whole name,
 * or each query word against its best name word or that word's prefix) scaled to at most .75.
 */
export function matchScore(query: string, name: string, externalId: string): number {
  const qw = words(query);
  const nw = words(name);
  const q = qw.join(' ');
  const n = nw.join(' ');
  if (q === '') return 0;
  if (n === q) return 1;
  if (n.startsWith(q)) return 0.95;
  if (nw.some((w) => w.startsWith(q))) return 0.9;
  if (qw.length > 1 && qw.every((x) => nw.some((w) => w.startsWith(x)))) return 0.88;
  if (n.includes(q)) return 0.85;
  if (externalId.toLowerCase().startsWith(query.trim().toLowerCase())) return 0.8;
  const whole = similarity(q, n);
  const perWord =
    nw.length === 0
      ? 0
      : qw.reduce((s, x) => s + Math.max(...nw.map((w) => Math.max(similarity(x, w), similarity(x, w.slice(0, x.length))))), 0) / qw.length;
  return 0.75 * Math.max(whole, perWord);
}

function toCustomer(r: CustomerRecordRow, score: number): Customer {
  return { customerId: r.customerId, name: r.name, city: r.city, region: r.region, salesmanId: r.salesmanId, salesmanName: r.salesmanName, score };
}

/**
 * Finds customers by what someone typed: an exact portal id (case-insensitive) is `exact`; otherwise
 * names are matched in SQL (substring, every word, id prefix, shared trigrams; at most
 * {@link SEARCH_CANDIDATE_CAP}) and ranked here by {@link matchScore}. A unique case-insensitive full
 * name is `exact` too. `candidates` never repeats `exact`. A salesman's scope searches only their own
 * customers, so a search cannot reveal anyone else's.
 */
export async function findCustomers(
  database: Database,
  scope: ReportScope,
  query: string,
  limit = 5,
): Promise<{ exact?: Customer; candidates: Customer[] }> {
  const text = query.trim();
  const ws = words(text);
  if (text === '') return { candidates: [] };
  const owner = scope.kind === 'salesman' ? scope.salesmanId : undefined;
  const byId = await customerByExternalId(database, text, owner);
  const trigrams = trigramsOf(ws);
  const found = await customerSearchCandidates(database, {
    text,
    words: ws,
    trigrams,
    minTrigrams: Math.max(1, Math.ceil(trigrams.length * 0.3)),
    ownerSalesmanId: owner,
    cap: SEARCH_CANDIDATE_CAP,
  });
  const ranked = found
    .filter((r) => r.id !== byId?.id)
    .map((r) => ({ r, score: matchScore(text, r.name, r.customerId) }))
    .filter((x) => x.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.r.name.length - b.r.name.length || cmp(a.r.name, b.r.name) || cmp(a.r.customerId, b.r.customerId));
  let exact: Customer | undefined = byId ? toCustomer(byId, 1) : undefined;
  if (!exact && ranked[0]?.score === 1 && ranked[1]?.score !== 1) exact = toCustomer(ranked.shift()!.r, 1);
  const candidates = ranked.slice(0, Math.max(0, limit)).map((x) => toCustomer(x.r, x.score));
  return exact ? { exact, candidates } : { candidates };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The customer a typed portal id names, as the asker may see it. A salesman looks only within his own
 * customers, so another salesman's customer and an id nobody has read the same ("not found in your
 * data") and the suggestions come from his own book: a refusal cannot be used to probe which ids exist.
 */
export async function customerInScope(database: Database, scope: ReportScope, key: string, hint?: string): Promise<CustomerRecordRow> {
  const wanted = key.trim();
  const owner = scope.kind === 'salesman' ? scope.salesmanId : undefined;
  const customer = wanted ? await customerByExternalId(database, wanted, owner) : undefined;
  if (customer) return customer;
  const near = await findCustomers(database, scope, wanted, 3);
  const names = [near.exact, ...near.candidates].filter((c) => c !== undefined).map((c) => `${c.name} [${c.customerId}]`);
  const guess = names.length ? ` Did you mean ${names.join(', ')}?` : '';
  const message = owner === undefined ? `No customer with id "${wanted}".${guess}` : `Customer "${wanted}" is not found in your data (you can see your own customers only).${guess}`;
  throw new AppError('NOT_FOUND', message, hint ? { hint } : {});
}
