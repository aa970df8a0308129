import type { Database } from '../db/client.js';
import { rememberSalesmanSlackUser, salesmanContacts, type SalesmanContact } from '../db/queries/slack-users.js';

/** A Slack user as the fan-outs need them (structurally the poster's SlackPerson). */
export interface DirectoryPerson {
  id: string;
  tz: string | undefined;
  deleted: boolean;
}

/** The two Slack look-ups a fan-out makes (users.info, users.lookupByEmail); the Slack poster has both. */
export interface SlackDirectory {
  userInfo(userId: string): Promise<DirectoryPerson | undefined>;
  userByEmail(email: string): Promise<DirectoryPerson | undefined>;
}

export interface ReachableSalesman {
  salesmanId: number;
  name: string;
  slackUserId: string;
  /** Their Slack time zone, undefined when Slack does not say. */
  timeZone: string | undefined;
}

export type UnreachableReason = 'deactivated' | 'email_not_in_slack' | 'no_slack_user' | 'slack_user_gone';

export interface UnreachableSalesman {
  salesmanId: number;
  externalId: string;
  name: string;
  email: string | null;
  reason: UnreachableReason;
}

/** How long a linked user's Slack record (active, time zone) is trusted before users.info is asked again. */
export const RECHECK_AFTER_MS = 20 * 3_600_000;

/**
 * Finds each salesman's Slack user at run time, in this order: the user linked to them in slack_users,
 * else the salesmen import's slack_user_id (checked with users.info: a deactivated or unknown account
 * cannot be reached), else users.lookupByEmail with their email, whose answer is remembered in
 * slack_users (with their time zone; trusted for RECHECK_AFTER_MS). Those who cannot be reached come back with the reason, for the subscription's owner.
 * A Slack failure other than "not found" throws, so the job retries instead of calling people unreachable.
 */
export async function reachSalesmen(
  database: Database,
  directory: SlackDirectory,
  salesmanIds: readonly number[],
  now: Date = new Date(),
): Promise<{ reachable: ReachableSalesman[]; unreachable: UnreachableSalesman[] }> {
  const reachable: ReachableSalesman[] = [];
  const unreachable: UnreachableSalesman[] = [];
  const miss = (c: SalesmanContact, reason: UnreachableReason) =>
    unreachable.push({ salesmanId: c.salesmanId, externalId: c.externalId, name: c.name, email: c.email, reason });
  for (const c of await salesmanContacts(database, salesmanIds)) {
    // A linked user confirmed recently is not looked up again: a fan-out to hundreds of salesmen would
    // otherwise spend Slack's users.info allowance every run (a DM refused since is in the run's report).
    if (c.linkedSlackUserId && c.linkedTimeZone && c.linkedCheckedAt && now.getTime() - Date.parse(c.linkedCheckedAt) < RECHECK_AFTER_MS) {
      reachable.push({ salesmanId: c.salesmanId, name: c.name, slackUserId: c.linkedSlackUserId, timeZone: c.linkedTimeZone });
      continue;
    }
    const known = c.linkedSlackUserId ?? c.importedSlackUserId;
    let person = known ? await directory.userInfo(known) : undefined;
    let gone = known !== null && person === undefined;
    if (person?.deleted) {
      miss(c, 'deactivated');
      continue;
    }
    if (!person && c.email) {
      // A stale id (the person re-joined, a typo in the import) is worth a look by email too.
      person = await directory.userByEmail(c.email);
      if (person?.deleted) {
        miss(c, 'deactivated');
        continue;
      }
      if (person) gone = false;
    }
    if (!person) {
      miss(c, gone ? 'slack_user_gone' : c.email ? 'email_not_in_slack' : 'no_slack_user');
      continue;
    }
    await rememberSalesmanSlackUser(database, { slackUserId: person.id, salesmanId: c.salesmanId, email: c.email, timeZone: person.tz ?? null });
    reachable.push({ salesmanId: c.salesmanId, name: c.name, slackUserId: person.id, timeZone: person.tz });
  }
  return { reachable, unreachable };
}
