import type { SliceSeries } from '../analytics/anomaly-slice-check.js';
import type { ReportRequest } from './report-module.js';

/**
 * One unit of work a report thread runs, as plain data (it crosses threads by structured clone): the
 * database by URL, the report by name (anomaly fits carry their series instead).
 */
export type ReportTask =
  | { kind: 'report'; url: string; replica?: ReplicaTarget; report: string; request: ReportRequest }
  | { kind: 'page'; url: string; replica?: ReplicaTarget; report: string; request: Omit<ReportRequest, 'limit'>; page: number; pageSize?: number | undefined }
  | { kind: 'snapshot-group'; url: string; group: string }
  /** The fits of one anomaly slice: pure CPU on data the caller read, so no database. */
  | { kind: 'anomaly-fits'; slice: SliceSeries };

/** Set when `url` is a read replica: its primary, so the thread's answers say how far behind it is. */
export interface ReplicaTarget {
  primaryUrl: string;
  noticeAfterSeconds: number;
}
