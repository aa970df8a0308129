import type { Database } from '../db/client.js';
import { subscriptionsOwnedBy, type SubscriptionSummary } from '../db/queries/subscriptions-list.js';
import { isAppError } from '../lib/errors.js';
import { callListFor, type CallListPage } from './call-list.js';
import { followsOfActor, type FollowRow } from './follows.js';
import type { ReportView } from '../views/report-view.js';
import { goalsReport } from '../reports/goals/goals-module.js';
import type { GoalsReport } from '../reports/goals/goals-report.js';
import { goalLines } from '../reports/goals/goals-view.js';
import { OVERVIEW_REPORT } from '../reports/registry.js';
import type { ReportEnvelope, ReportModule, ReportRequest } from '../reports/report-module.js';
import { runReport } from '../reports/run-report.js';
import type { Actor } from './slack-identity.js';

export interface AppHomeData {
  role: Actor['role'] | 'unmapped';
  /** The linked salesman's name, for the greeting. */
  name?: string;
  /** The overview report's figures in the person's own scope (a salesman: their numbers; managers: the company's). */
  numbers?: ReportView;
  subscriptions: SubscriptionSummary[];
  /** The metrics the person follows (their digests' contents), oldest first. */
  follows: FollowRow[];
  /** The open calls the person is responsible for (a manager: the team's), first entries and the total. */
  callList?: CallListPage;
  /** The person's targets of the current month and quarter, best attained first (a salesman: his own; managers: all). */
  goals?: string[];
}

/** Call-list entries shown on App Home (two blocks each; the rest are counted, `/sales calls` lists them). */
export const HOME_CALLS = 10;

/**
 * What the App Home tab shows for one person: the overview report from `analytics` (a read replica, when
 * there is one), their subscriptions and calls from `database`, the primary, so a change shows at once.
 */
export async function appHomeData(
  database: Database,
  slackUserId: string,
  resolveActor: () => Promise<Actor>,
  analytics: Database = database,
  run: (database: Database, definition: ReportModule, request: ReportRequest) => Promise<object & ReportEnvelope> = runReport,
): Promise<AppHomeData> {
  let actor: Actor;
  try {
    actor = await resolveActor();
  } catch (e) {
    if (isAppError(e) && e.code === 'UNMAPPED_USER') return { role: 'unmapped', subscriptions: [], follows: [] };
    throw e;
  }
  const [overview, subscriptions, callList, goals, follows] = await Promise.all([
    run(analytics, OVERVIEW_REPORT, { filters: {}, scope: actor.scope }),
    subscriptionsOwnedBy(database, slackUserId),
    callListFor(database, actor, 0, HOME_CALLS),
    // Both are heavy (model fits): `run` sends them to the report threads when the app has them.
    run(analytics, goalsReport, { filters: {}, scope: actor.scope }) as Promise<GoalsReport & ReportEnvelope>,
    followsOfActor(database, actor),
  ]);
  return {
    role: actor.role,
    ...(actor.salesman ? { name: actor.salesman.name } : {}),
    numbers: OVERVIEW_REPORT.view(overview),
    subscriptions,
    callList,
    goals: goalLines(goals),
    follows,
  };
}
