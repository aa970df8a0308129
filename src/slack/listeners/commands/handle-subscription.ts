import { isAppError } from '../../../lib/errors.js';
import { jobStatus } from '../../../services/job-status.js';
import type { JobsControl } from '../../../services/jobs-control.js';
import {
  createSubscription,
  removeSubscription,
  setPaused,
  visibleSubscriptions,
  type SubscriptionDestination,
  type SubscriptionRow,
} from '../../../services/subscriptions.js';
import type { Actor } from '../../../services/slack-identity.js';
import { statusMessage } from '../../blocks/status-message.js';
import { subscriptionChangedMessage, subscriptionListMessage } from '../../blocks/subscriptions-message.js';
import { actorFor } from '../../actor.js';
import { userTimeZone } from '../../user-time-zone.js';
import type { SlashCommand } from '../../parse/command.js';
import type { SubscriptionTarget } from '../../parse/command-types.js';
import type { CommandCall } from './command-call.js';

export type SubscriptionCommand = Extract<SlashCommand, { kind: 'subscribe' | 'subscriptions' | 'unsubscribe' | 'pause' | 'resume' | 'status' }>;

const NO_REDIS_NOTE = 'Redis is not configured here, so nothing runs on a schedule yet; an admin can run it with `sales-bot digest run <id>`.';

function destination(target: SubscriptionTarget, call: CommandCall): SubscriptionDestination {
  switch (target.kind) {
    case 'channel':
      return { kind: 'channel', channelId: target.channelId };
    case 'user':
      return { kind: 'user', userId: target.userId };
    case 'salesmen':
      return { kind: 'salesmen' };
    case 'me':
      return { kind: 'user', userId: call.body.user_id };
    case 'here':
      // `here` typed in the person's DM with the bot means them.
      return call.body.channel_id.startsWith('D') ? { kind: 'user', userId: call.body.user_id } : { kind: 'channel', channelId: call.body.channel_id };
  }
}

/** The subscriber's time zone from Slack (users.info), else SALES_TZ. */
function timeZoneOf(call: CommandCall): Promise<string> {
  return userTimeZone(call.deps, call.client, call.body.user_id);
}

/**
 * Puts the scheduler in line with the stored subscription. Redis was reachable a moment ago (each change
 * checks first), so a failure here is an outage that began in between: the change is saved, and the
 * workers' reconciliation (src/jobs/reconcile.ts) brings the scheduler in line when Redis answers.
 */
async function syncSchedule(call: CommandCall, jobs: JobsControl, sub: SubscriptionRow, notes: string[]): Promise<number | null> {
  try {
    return await jobs.schedule(sub);
  } catch (e) {
    // The outage itself is logged once by the connection's watcher; anything else is worth a line here.
    if (!(isAppError(e) && e.code === 'SCHEDULER_UNREACHABLE')) call.deps.log.warn({ err: e, subscriptionId: sub.id }, 'could not update the job scheduler');
    notes.push('Saved, but the scheduler did not answer just now; the workers bring it in line as soon as it is back.');
    return null;
  }
}

async function subscribe(call: CommandCall, actor: Actor, c: Extract<SubscriptionCommand, { kind: 'subscribe' }>, jobs: JobsControl): Promise<void> {
  const dest = destination(c.target, call);
  // Nothing is saved while the scheduler is away, so "try again" means exactly that.
  await jobs.reachable();
  const sub = await createSubscription(call.deps.database, actor, {
    kind: c.subject.kind,
    subject: c.subject.kind === 'report' ? c.subject.report : c.subject.kind === 'alert' ? c.subject.alert : undefined,
    filters: c.filterMap,
    cron: c.schedule.cron,
    timeZone: await timeZoneOf(call),
    destination: dest,
    skipWhenEmpty: c.skipWhenEmpty,
    onlyWhenChanged: c.onlyWhenChanged,
  });
  const notes: string[] = [];
  const next = await syncSchedule(call, jobs, sub, notes);
  if (dest.kind === 'channel') notes.push(`I must be a member of <#${dest.channelId}>: if I am not, type \`/invite @sales-bot\` there.`);
  if (jobs.mode === 'in-process') notes.push(NO_REDIS_NOTE);
  await call.respond({ response_type: 'ephemeral', replace_original: true, ...subscriptionChangedMessage('created', sub, { nextRunAt: next, notes }) });
}

/**
 * `/sales subscribe …`, `subscriptions`, `unsubscribe|pause|resume <id>` and `status`. The services
 * check who may do what (managers and admins may subscribe channels; salesmen only themselves); the job
 * scheduler follows every change. `jobs` defaults to the process's (Redis when REDIS_URL is set).
 * These commands need the scheduler: while Redis does not answer they fail within about 2 s with
 * SCHEDULER_UNREACHABLE ("… try again"), which the dispatcher shows as one sentence.
 */
export async function handleSubscriptionCommand(call: CommandCall, c: SubscriptionCommand, jobs: JobsControl = call.deps.jobs): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const db = call.deps.database;
  const reply = (m: { text: string; blocks: unknown[] }) => call.respond({ response_type: 'ephemeral', replace_original: true, ...m } as never);
  switch (c.kind) {
    case 'subscribe':
      return subscribe(call, actor, c, jobs);
    case 'subscriptions': {
      const [subs, next] = await Promise.all([visibleSubscriptions(db, actor), jobs.nextRuns()]);
      await reply(subscriptionListMessage(subs, next, { schedulerOff: jobs.mode === 'in-process' }));
      return;
    }
    case 'pause':
    case 'resume': {
      await jobs.reachable();
      const sub = await setPaused(db, actor, c.subscriptionId, c.kind === 'pause');
      const notes: string[] = [];
      const next = await syncSchedule(call, jobs, sub, notes);
      await reply(subscriptionChangedMessage(c.kind === 'pause' ? 'paused' : 'resumed', sub, { nextRunAt: next, notes }));
      return;
    }
    case 'unsubscribe': {
      await jobs.reachable();
      const sub = await removeSubscription(db, actor, c.subscriptionId);
      // A scheduler left behind by an outage starting just now is removed by the workers' reconciliation.
      await jobs.unschedule(sub.id).catch((e: unknown) => {
        if (!(isAppError(e) && e.code === 'SCHEDULER_UNREACHABLE')) call.deps.log.warn({ err: e, subscriptionId: sub.id }, 'could not remove the job scheduler');
      });
      await reply(subscriptionChangedMessage('removed', sub));
      return;
    }
    case 'status': {
      const [next, queues] = await Promise.all([jobs.nextRuns(), jobs.queueStats()]);
      await reply(statusMessage(await jobStatus(db, actor, next), queues));
      return;
    }
  }
}
