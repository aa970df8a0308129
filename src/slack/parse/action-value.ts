import { z } from 'zod';
import { tokenize } from '../../lib/text-tokens.js';
import { LIMITS } from '../blocks/limits.js';
import { DRILL_KINDS, type DrillRef } from '../../views/drill-target.js';
import { ACTIVITY_TYPES, type ActivityType } from './command-types.js';

/**
 * Action ids of the interactive elements. When a block holds several elements of one kind the block
 * builder suffixes `:1`, `:2`, … (action ids must be unique per block): match with {@link actionIdPattern}.
 */
export const ACTION_IDS = {
  page: 'report_page',
  export: 'report_export',
  share: 'report_share',
  /** A static_select of drill choices, or drill buttons when the choices do not fit a select. */
  drill: 'report_drill',
  /** App Home report buttons. */
  open: 'report_open',
  logChooseCustomer: 'log_choose_customer',
  /** Deal-risk DM: "Log activity" and "Mark lost" selects; values are {@link encodeDealAction}'s. */
  dealLog: 'deal_log_activity',
  dealLost: 'deal_mark_lost',
} as const;

export const REPORT_PAGE = ACTION_IDS.page;
export const REPORT_EXPORT = ACTION_IDS.export;
export const REPORT_SHARE = ACTION_IDS.share;
export const REPORT_DRILL = ACTION_IDS.drill;
export const REPORT_OPEN = ACTION_IDS.open;
export const LOG_CHOOSE_CUSTOMER = ACTION_IDS.logChooseCustomer;

/** Matches an action id with or without the builder's `:n` suffix. */
export function actionIdPattern(id: string): RegExp {
  return new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+)?$`);
}

export { DRILL_KINDS, type DrillKind, type DrillRef } from '../../views/drill-target.js';

export const REPORT_ACTION_KINDS = ['page', 'export', 'share', 'drill', 'report'] as const;

/**
 * What a report button carries. `q` is the canonical request text: the server re-parses it with
 * `parseCommand` and applies the clicking person's own scope, so nothing here is trusted.
 */
export interface ReportAction {
  v: 1;
  kind: (typeof REPORT_ACTION_KINDS)[number];
  report: string;
  q: string;
  /** 0-based page of the answer. */
  page?: number;
  drill?: DrillRef;
}

const MAX_PAGE = 10_000;
const MAX_KEY = 500;
const reportName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

export const reportActionSchema = z
  .object({
    v: z.literal(1),
    kind: z.enum(REPORT_ACTION_KINDS),
    report: reportName,
    q: z.string().min(1).max(LIMITS.buttonValue),
    page: z.number().int().min(0).max(MAX_PAGE).optional(),
    drill: z.object({ kind: z.enum(DRILL_KINDS), key: z.string().min(1).max(MAX_KEY) }).optional(),
  })
  .refine((a) => tokenize(a.q)[0]?.toLowerCase() === a.report, { message: 'q must start with the report name' })
  .refine((a) => (a.kind === 'page') === (a.page !== undefined) || a.kind === 'share', { message: 'a page action carries its page (and only it and share do)' })
  .refine((a) => a.kind !== 'drill' || a.drill !== undefined, { message: 'a drill action names what to open' });

/** The wire form: short keys so a select option (150 characters) can still carry a request. */
const wireSchema = z
  .object({
    v: z.literal(1),
    k: z.enum(REPORT_ACTION_KINDS),
    r: reportName,
    q: z.string(),
    p: z.number().optional(),
    d: z.tuple([z.string(), z.string()]).optional(),
  })
  .strict();

function toWire(a: ReportAction): string {
  return JSON.stringify({
    v: 1,
    k: a.kind,
    r: a.report,
    q: a.q,
    ...(a.page !== undefined ? { p: a.page } : {}),
    ...(a.drill ? { d: [a.drill.kind, a.drill.key] } : {}),
  });
}

/**
 * A button value for a report action, or undefined when the action is invalid or its value would be
 * longer than `max` (2000 for buttons, 150 for select options). A request is never cut: a cut request
 * would silently mean something else.
 */
export function tryEncodeAction(a: ReportAction, max: number = LIMITS.buttonValue): string | undefined {
  if (!reportActionSchema.safeParse(a).success) return undefined;
  const value = toWire(a);
  return [...value].length <= max ? value : undefined;
}

/** {@link tryEncodeAction} for values known to fit; throws a RangeError when the action is invalid or too long. */
export function encodeAction(a: ReportAction): string {
  const value = tryEncodeAction(a);
  if (value === undefined) throw new RangeError(`report action for ${a.report} is invalid or longer than ${LIMITS.buttonValue} characters`);
  return value;
}

/** The action a value carries, or null for anything malformed (tampered, stale or foreign values included). */
export function decodeAction(value: string): ReportAction | null {
  if (typeof value !== 'string' || value.length > 2 * LIMITS.buttonValue) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return null;
  }
  const wire = wireSchema.safeParse(raw);
  if (!wire.success) return null;
  const w = wire.data;
  const action = {
    v: 1 as const,
    kind: w.k,
    report: w.r,
    q: w.q,
    ...(w.p !== undefined ? { page: w.p } : {}),
    ...(w.d ? { drill: { kind: w.d[0], key: w.d[1] } } : {}),
  };
  const checked = reportActionSchema.safeParse(action);
  return checked.success ? (checked.data as ReportAction) : null;
}

/** What a "which customer?" button carries for `/sales log`. */
export interface LogChoice {
  v: 1;
  activityType: ActivityType;
  customerId: string;
  notes?: string;
}

const logWireSchema = z
  .object({
    v: z.literal(1),
    t: z.enum(ACTIVITY_TYPES),
    c: z.string().min(1).max(200),
    n: z.string().max(LIMITS.buttonValue).optional(),
  })
  .strict();

/**
 * A log choice as a button value within `max`. Long notes are shortened (with an ellipsis) until the
 * value fits; undefined only when even the bare choice does not fit (an absurd customer id).
 */
export function encodeLogChoice(c: Omit<LogChoice, 'v'> & { v?: 1 }, max: number = LIMITS.buttonValue): string | undefined {
  if (!(ACTIVITY_TYPES as readonly string[]).includes(c.activityType) || c.customerId === '' || [...c.customerId].length > 200) return undefined;
  const encode = (notes: string | undefined) => JSON.stringify({ v: 1, t: c.activityType, c: c.customerId, ...(notes ? { n: notes } : {}) });
  const fits = (s: string) => [...s].length <= max;
  const notes = c.notes?.trim() ? c.notes : undefined;
  const full = encode(notes);
  if (fits(full)) return full;
  if (!fits(encode(undefined))) return undefined;
  const chars = [...(notes ?? '')];
  // Escaping makes the encoded length uneven per character: search the longest prefix that fits.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(encode(chars.slice(0, mid).join('') + '…'))) lo = mid;
    else hi = mid - 1;
  }
  return encode(lo > 0 ? chars.slice(0, lo).join('') + '…' : undefined);
}

export function decodeLogChoice(value: string): LogChoice | null {
  if (typeof value !== 'string' || value.length > 2 * LIMITS.buttonValue) return null;
  try {
    const w = logWireSchema.safeParse(JSON.parse(value));
    if (!w.success) return null;
    return { v: 1, activityType: w.data.t, customerId: w.data.c, ...(w.data.n !== undefined ? { notes: w.data.n } : {}) };
  } catch {
    return null;
  }
}

/** What a deal-risk select option carries: the deal alert (a pointer, checked server-side) and the choice. */
export interface DealAction {
  v: 1;
  kind: 'log' | 'lost';
  alertId: number;
  /** log: the activity type; lost: the lost reason. */
  choice: string;
}

const dealWireSchema = z
  .object({ v: z.literal(1), k: z.enum(['log', 'lost']), a: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), c: z.string().min(1).max(40) })
  .strict();

/** A deal action as a select option value (at most 150 characters; these are far shorter). */
export function encodeDealAction(a: Omit<DealAction, 'v'>): string {
  return JSON.stringify({ v: 1, k: a.kind, a: a.alertId, c: a.choice });
}

/** The deal action a value carries, or null for anything malformed. */
export function decodeDealAction(value: string): DealAction | null {
  if (typeof value !== 'string' || value.length > LIMITS.buttonValue) return null;
  try {
    const w = dealWireSchema.safeParse(JSON.parse(value));
    return w.success ? { v: 1, kind: w.data.k, alertId: w.data.a, choice: w.data.c } : null;
  } catch {
    return null;
  }
}
