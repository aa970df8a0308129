import type { Processor } from '../job-context.js';
import type { JobName } from '../queues.js';
import { atRiskDm } from './at-risk-dm.js';
import { churnAlert } from './churn-alert.js';
import { crossSellDm } from './crosssell-dm.js';
import { dealsDm } from './deals-dm.js';
import { pacingDm } from './pacing-dm.js';
import { anomaliesDm } from './anomalies-dm.js';
import { fanoutReport } from './fanout-report.js';
import { snapshotRefresh } from './snapshot-refresh.js';
import { slowMoversAlert } from './slow-movers-alert.js';
import { subscriptionRun } from './subscription-run.js';

/** Every job's processor, by job name; BullMQ workers and the in-process runner use the same ones. */
export const PROCESSORS: { [N in JobName]: Processor<N> } = {
  'subscription-run': subscriptionRun,
  'churn-alert': churnAlert,
  'slow-movers-alert': slowMoversAlert,
  'at-risk-dm': atRiskDm,
  'crosssell-dm': crossSellDm,
  'deals-dm': dealsDm,
  'pacing-dm': pacingDm,
  'anomalies-dm': anomaliesDm,
  'fanout-report': fanoutReport,
  'snapshot-refresh': snapshotRefresh,
};
