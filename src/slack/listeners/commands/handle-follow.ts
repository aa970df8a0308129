import { isAppError, AppError } from '../../../lib/errors.js';
import type { ReportFilters } from '../../../lib/report-filters.js';
import { followMetric, followsOfActor, unfollow } from '../../../services/follows.js';
import type { JobsControl } from '../../../services/jobs-control.js';
import { followChangedMessage, followingMessage, unfollowedMessage } from '../../blocks/follow-message.js';
import { actorFor } from '../../actor.js';
import type { SlashCommand } from '../../parse/command.js';
import { userTimeZone } from '../../user-time-zone.js';
import type { CommandCall } from './command-call.js';

export type FollowCommandOf = Extract<SlashCommand, { kind: 'follow' | 'following' | 'unfollow' }>;

const NO_REDIS_NOTE = 'Redis is not configured here, so no digest goes out on a schedule yet.';
const LATER_NOTE = 'Saved, but the scheduler did not answer just now; the workers bring it in line as soon as it is back.';

/** The filters with an @person turned into their salesman (a person with no salesman link is refused). */
async function withMention(call: CommandCall, filters: ReportFilters, mentionUserId: string | undefined): Promise<ReportFilters> {
  if (mentionUserId === undefined) return filters;
  const person = await actorFor(call.deps, call.client, mentionUserId);
  if (!person.salesman) {
    throw new AppError('USAGE', `<@${mentionUserId}> is not linked to a salesman, so there is no book of theirs to follow.`, {
      hint: 'Name the salesman instead (salesman:<id or name>), or ask an admin to link them with `/sales admin link @person <salesman id>`.',
    });
  }
  return { ...filters, salesman: [...new Set([...(filters.salesman ?? []), person.salesman.externalId])] };
}

/** Runs a scheduler change; an outage that began a moment ago leaves it to the workers' reconciliation. */
async function sync(call: CommandCall, notes: string[], what: () => Promise<number | null | void>): Promise<number | null> {
  try {
    return (await what()) ?? null;
  } catch (e) {
    if (!(isAppError(e) && e.code === 'SCHEDULER_UNREACHABLE')) call.deps.log.warn({ err: e }, 'could not update the job scheduler');
    notes.push(LATER_NOTE);
    return null;
  }
}

/**
 * `/sales follow …`, `following` and `unfollow …`. Following needs the scheduler (each person's digest
 * is a scheduled DM in their Slack time zone): while Redis does not answer, follow and unfollow fail
 * within about 2 s with SCHEDULER_UNREACHABLE ("… try again") and nothing is saved.
 */
export async function handleFollowCommand(call: CommandCall, c: FollowCommandOf, jobs: JobsControl = call.deps.jobs): Promise<void> {
  const actor = await actorFor(call.deps, call.client, call.body.user_id, call.body.team_id);
  const db = call.deps.database;
  const reply = (m: { text: string; blocks: unknown[] }) => call.respond({ response_type: 'ephemeral', replace_original: true, ...m } as never);
  switch (c.kind) {
    case 'follow': {
      await jobs.reachable();
      const filters = await withMention(call, c.filters, c.mentionUserId);
      const change = await followMetric(db, actor, {
        metric: c.metric,
        filters,
        cadence: c.cadence,
        timeZone: await userTimeZone(call.deps, call.client, call.body.user_id),
        fallbackTimeZone: call.deps.timeZone,
      });
      const notes: string[] = [];
      const next = await sync(call, notes, () => jobs.schedule(change.digest));
      if (change.emptiedDigestId !== undefined) await sync(call, notes, () => jobs.unschedule(change.emptiedDigestId!));
      if (jobs.mode === 'in-process') notes.push(NO_REDIS_NOTE);
      await reply(followChangedMessage(change, { nextRunAt: next, notes: [...new Set(notes)] }));
      return;
    }
    case 'following': {
      const [list, next] = await Promise.all([followsOfActor(db, actor), jobs.nextRuns()]);
      await reply(followingMessage(list, next));
      return;
    }
    case 'unfollow': {
      await jobs.reachable();
      const out = await unfollow(
        db,
        actor,
        'ids' in c ? { kind: 'ids', ids: c.ids } : { kind: 'metric', metric: c.metric, filters: await withMention(call, c.filters, c.mentionUserId) },
      );
      const notes: string[] = [];
      for (const id of out.emptiedDigestIds) await sync(call, notes, () => jobs.unschedule(id));
      await reply(unfollowedMessage(out.removed));
      return;
    }
  }
}
