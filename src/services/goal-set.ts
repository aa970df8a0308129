import { resolveGoalPeriod, type GoalPeriodSpec } from '../analytics/goal-period.js';
import type { Database } from '../db/client.js';
import { targetScopeNames, upsertTarget } from '../db/queries/goals.js';
import { findSlackUser, salesmanByExternalId, salesmanBySlackUserId, salesmanNames, type SalesmanRef } from '../db/queries/slack-users.js';
import type { TargetMetric, TargetScopeKind } from '../db/schema/targets.js';
import { AppError } from '../lib/errors.js';
import { didYouMean } from '../lib/text-tokens.js';
import type { Actor } from './slack-identity.js';

export type GoalScopeInput =
  | { kind: 'company' }
  | { kind: 'region' | 'category'; value: string }
  | { kind: 'salesman'; id: string }
  | { kind: 'user'; userId: string };

export interface GoalSetInput {
  metric: TargetMetric;
  /** Plain decimal text. */
  amount: string;
  period: GoalPeriodSpec;
  scope: GoalScopeInput;
}

export interface GoalSet {
  period: string;
  periodFrom: string;
  periodTo: string;
  metric: TargetMetric;
  amount: string;
  scopeKind: TargetScopeKind;
  /** "the company", "region North", "category Paper", "Nancy Davolio (S1)". */
  scopeLabel: string;
  created: boolean;
}

const MAX_LISTED = 8;
const listOf = (values: readonly string[]): string =>
  values.length === 0 ? 'none yet' : values.length > MAX_LISTED ? `${values.slice(0, MAX_LISTED).join(', ')} and ${values.length - MAX_LISTED} more` : values.join(', ');

async function namedValue(database: Database, kind: 'region' | 'category', typed: string): Promise<string> {
  const known = await targetScopeNames(database, kind);
  const exact = known.find((k) => k === typed) ?? known.find((k) => k.toLowerCase() === typed.toLowerCase());
  if (exact) return exact;
  const guess = didYouMean(typed, known);
  throw new AppError('NOT_FOUND', `There is no ${kind} "${typed}" in your data.${guess ? ` Did you mean ${guess}?` : ''}`, {
    hint: `Use one of: ${listOf(known)}.`,
  });
}

async function namedSalesman(database: Database, scope: { kind: 'salesman'; id: string } | { kind: 'user'; userId: string }): Promise<SalesmanRef> {
  if (scope.kind === 'user') {
    const linked = (await findSlackUser(database, scope.userId))?.salesman ?? (await salesmanBySlackUserId(database, scope.userId));
    if (linked) return linked;
    throw new AppError('NOT_FOUND', `<@${scope.userId}> is not linked to a salesman.`, {
      hint: 'Give the salesman id instead (salesman:S001), or have an admin link them with /sales admin link @person <salesman id>.',
    });
  }
  const found = await salesmanByExternalId(database, scope.id);
  if (found) return found;
  const all = await salesmanNames(database);
  const byName = all.find((s) => s.name.toLowerCase() === scope.id.toLowerCase());
  if (byName) return (await salesmanByExternalId(database, byName.externalId))!;
  const guess = didYouMean(scope.id, all.map((s) => s.externalId));
  throw new AppError('NOT_FOUND', `There is no salesman "${scope.id}" in your data.${guess ? ` Did you mean ${guess}?` : ''}`, {
    hint: `Use a salesman id, e.g. ${listOf(all.slice(0, 3).map((s) => `${s.externalId} (${s.name})`))}, or pick the person with @.`,
  });
}

/**
 * `/sales goal set`: managers and admins set a target, resolved against today (SALES_TZ) and checked
 * against the data like the targets import; written with the import's upsert on (period, metric, scope).
 */
export async function setGoal(database: Database, actor: Actor, input: GoalSetInput, today: string): Promise<GoalSet> {
  if (actor.role !== 'admin' && actor.role !== 'manager') {
    throw new AppError('FORBIDDEN', 'Only managers and admins can set goals.', { hint: 'Type /sales goals to see yours; ask your manager to change them.' });
  }
  const period = resolveGoalPeriod(input.period, today);
  let scopeKind: TargetScopeKind = 'company';
  let scopeValue = '';
  let salesmanId: number | null = null;
  let scopeLabel = 'the company';
  const s = input.scope;
  if (s.kind === 'region' || s.kind === 'category') {
    scopeKind = s.kind;
    scopeValue = await namedValue(database, s.kind, s.value);
    scopeLabel = `${s.kind} ${scopeValue}`;
  } else if (s.kind === 'salesman' || s.kind === 'user') {
    const salesman = await namedSalesman(database, s);
    scopeKind = 'salesman';
    scopeValue = salesman.externalId;
    salesmanId = salesman.id;
    scopeLabel = `${salesman.name} (${salesman.externalId})`;
  }
  const { created } = await upsertTarget(database, {
    period: period.text,
    metric: input.metric,
    scopeKind,
    scopeValue,
    salesmanId,
    amount: input.amount,
    setBy: actor.slackUserId,
  });
  return { period: period.text, periodFrom: period.from, periodTo: period.to, metric: input.metric, amount: input.amount, scopeKind, scopeLabel, created };
}
