import { describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../../../src/reports/report-module.js';
import { answerMeta, replicaLagText } from '../../../src/views/answer-meta.js';

const envelope: ReportEnvelope = {
  report: 'kpi',
  asOf: '2024-03-31',
  dataAsOf: '2024-03-31T06:00:00.000Z',
  timeZone: 'Europe/Lisbon',
  period: { to: '2024-03-31' },
  filters: {},
  source: 'snapshot',
  snapshotAt: '2024-03-31T02:00:00.000Z',
};

describe('answerMeta', () => {
  it('shows business days and times in SALES_TZ, never raw ISO', () => {
    // Lisbon is on summer time (UTC+1) from 2024-03-31 01:00 UTC.
    expect(answerMeta(envelope)).toEqual({ dataAsOf: '2024-03-31 07:00', filtersText: 'all data', snapshotAt: '2024-03-31 03:00' });
    expect(answerMeta({ ...envelope, dataAsOf: '2024-03-31T00:00:00.000Z' }, 'UTC').dataAsOf).toBe('2024-03-31');
  });
  it("names a salesman's own book instead of all data", () => {
    expect(answerMeta({ ...envelope, scopeLabel: 'your customers (Nancy Davolio)' }).filtersText).toBe('your customers (Nancy Davolio)');
    expect(answerMeta({ ...envelope, scopeLabel: 'your customers', filters: { region: ['North'] } }).filtersText).toBe('your customers · region North');
  });
  it('passes the data note on, except before the first import where no freshness says it', () => {
    expect(answerMeta({ ...envelope, dataNote: 'Your data ends 1998-05-06, so windows end there.' }).dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
    expect(answerMeta({ ...envelope, dataAsOf: null, dataNote: 'No sales imported yet.' })).toEqual({ dataAsOf: null, filtersText: 'all data', snapshotAt: '2024-03-31 03:00' });
  });
  it('says how far behind a lagging read replica is, in one sentence after the data note', () => {
    expect(replicaLagText(75)).toBe('Replica is 75 s behind the primary: newer changes are not in these figures.');
    expect(replicaLagText(190)).toBe('Replica is 3 min behind the primary: newer changes are not in these figures.');
    expect(replicaLagText(3 * 3600 + 100)).toBe('Replica is 3 h behind the primary: newer changes are not in these figures.');
    expect(answerMeta({ ...envelope, dataNote: 'Your data ends 1998-05-06, so windows end there.', replicaLagSeconds: 190 }).dataNote).toBe(
      'Your data ends 1998-05-06, so windows end there. Replica is 3 min behind the primary: newer changes are not in these figures.',
    );
    // A replica behind the first import has no data yet: the lag sentence still says why.
    expect(answerMeta({ ...envelope, dataAsOf: null, replicaLagSeconds: 120 }).dataNote).toBe(replicaLagText(120));
    expect(answerMeta(envelope).dataNote).toBeUndefined();
  });
});
