import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordingPoster } from '../../../src/jobs/recording-poster.js';
import { reportMessage } from '../../../src/slack/blocks/report-message.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';

describe('the recording poster (demo, `sales-bot digest run --out`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recording-poster-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a report message as Slack gets it: the table in its one attachment, the rest in blocks', async () => {
    const message = reportMessage({
      report: { name: 'rfm', title: 'RFM' },
      view: { title: 'RFM segments', keyFigures: [], columns: [{ label: 'segment' }, { label: 'customers', align: 'r' }], rows: [['Champions', '12'], ['At Risk', '3']], notes: [] },
      page: 0,
      pageSize: 10,
      canonical: 'rfm',
      dataAsOf: '2024-03-31',
      filtersText: 'all data',
      drills: [],
      shareable: false,
    });
    const poster = createRecordingPoster({ dir });
    await poster.post('C0DIGEST', message);
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const written = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { blocks: { type: string }[]; attachments?: { blocks: { type: string }[] }[] };
    expect(written.blocks.some((b) => b.type === 'table')).toBe(false);
    expect(written.attachments?.map((a) => a.blocks.map((b) => b.type))).toEqual([['table']]);
    expect(blockKitViolations(written)).toEqual([]);
    expect(poster.messages[0]!.message.attachments).toHaveLength(1);
  });

  it('finds a message it recorded by the delivery key in its metadata, as a resumed delivery asks Slack', async () => {
    const poster = createRecordingPoster();
    const metadata = (key: string) => ({ event_type: 'sales_bot_delivery', event_payload: { delivery_key: key } });
    const dm = await poster.post('U0ANN', { text: 'dm', blocks: [] }, { metadata: metadata('k1') });
    await poster.post('C0X', { text: 'reply', blocks: [] }, { threadTs: '1.000001', metadata: metadata('k2') });
    const query = (key: string) => ({ eventType: 'sales_bot_delivery', deliveryKey: key, oldest: new Date(0) });
    expect(await poster.findPosted('U0ANN', query('k1'))).toEqual(dm);
    expect(await poster.findPosted('U0BOB', query('k1'))).toBeUndefined();
    // thread replies are not in a conversation's history
    expect(await poster.findPosted('C0X', query('k2'))).toBeUndefined();
  });
});
