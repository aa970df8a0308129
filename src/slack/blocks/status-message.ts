import { describeSubscription } from '../../services/subscriptions.js';
import { STATUS_FAILURES, type JobStatus, type QueueStat } from '../../services/job-status.js';
import { codeTable, context, header, message, section, type Block, type Message } from './builders.js';
import { sectionLines } from './section-lines.js';
import { destinationText, slackDate } from './slack-format.js';
import { escapeFit } from './text.js';
import { tableLayout } from './text-table.js';

/**
 * `/sales status`: the queues (or that jobs run in-process without Redis), data freshness, each
 * subscription's last and next run, and the latest failures with their reasons.
 */
export function statusMessage(status: JobStatus, queues: readonly QueueStat[] | null | 'unreachable'): Message {
  const blocks: (Block | undefined)[] = [header('Scheduled jobs')];
  if (queues === null) {
    blocks.push(section('Redis is not configured: jobs run in-process and nothing runs on a schedule.'));
  } else if (queues === 'unreachable') {
    blocks.push(section(':warning: Redis does not answer, so the queues cannot be read and scheduled jobs are not running.'));
  } else {
    const layout = tableLayout(
      [{ label: 'queue' }, { label: 'waiting', align: 'r' }, { label: 'active', align: 'r' }, { label: 'delayed', align: 'r' }, { label: 'failed', align: 'r' }],
      queues.map((q) => [q.name, String(q.waiting), String(q.active), String(q.delayed), String(q.failed)]),
    );
    blocks.push(codeTable(layout.lines, 1200));
  }
  const fresh = [
    status.dataAsOf ? `Newest order: ${slackDate(status.dataAsOf)}` : 'No sales data yet',
    status.lastRefresh ? `last refresh ${slackDate(status.lastRefresh.finishedAt)} (${escapeFit(status.lastRefresh.trigger, 40)})` : 'never refreshed',
  ];
  const system = status.system.map(
    (r) => `${escapeFit(r.jobName, 40)} ${r.status === 'succeeded' ? ':white_check_mark:' : r.status === 'failed' ? ':x:' : ':hourglass_flowing_sand:'} ${slackDate(r.startedAt)}`,
  );
  blocks.push(context([fresh.join(' · '), ...(system.length > 0 ? [`Last runs: ${system.slice(0, 6).join(' · ')}`] : [])]));

  if (status.subscriptions.length > 0) {
    const lines = status.subscriptions.map(({ subscription: s, lastRun, nextRunAt }) => {
      const last = lastRun
        ? `last ${slackDate(lastRun.startedAt)} ${lastRun.status === 'succeeded' ? ':white_check_mark:' : lastRun.status === 'failed' ? ':x:' : ':hourglass_flowing_sand:'}`
        : 'never run';
      const next = s.paused ? 'paused' : nextRunAt ? `next ${slackDate(nextRunAt)}` : 'not scheduled';
      return `• *#${s.id}* ${escapeFit(describeSubscription(s), 150)} → ${destinationText(s.target)} · ${last} · ${next}`;
    });
    blocks.push(section('*Subscriptions*'), ...sectionLines(lines));
  } else {
    blocks.push(section('_No subscriptions._'));
  }
  if (status.failures.length > 0) {
    const lines = status.failures.map(
      (f) =>
        `• ${slackDate(f.at)} ${escapeFit(f.job, 40)}${f.subscriptionId !== null ? ` #${f.subscriptionId}` : ''}${f.recipient ? ` → ${destinationText(f.recipient)}` : ''}: ${escapeFit(f.reason, 300)}`,
    );
    blocks.push(section('*Recent failures*'), ...sectionLines(lines));
    // The list is capped; say so rather than let it look complete.
    if (status.failures.length >= STATUS_FAILURES) blocks.push(context([`The latest ${STATUS_FAILURES} are shown; the worker log has every failure with its details.`]));
  } else {
    blocks.push(context(['No failures recently.']));
  }
  const failing = status.failures.length;
  return message(`Scheduled jobs: ${status.subscriptions.length} subscriptions, ${failing} recent failure${failing === 1 ? '' : 's'}`, blocks);
}
