import { describe, expect, it } from 'vitest';
import { refusalNamesOtherBlocks, sendWithImages, slackFileIds, withoutSlackFiles, type FileState, type ImageMessage } from '../../../src/slack/image-delivery.js';

const message: ImageMessage = {
  text: 'RFM',
  blocks: [{ type: 'header' }, { type: 'image', slack_file: { id: 'F1' }, alt_text: 'chart' }, { type: 'context' }],
};
const refused = Object.assign(new Error('invalid_blocks'), { image: true });
const wait = { firstDelayMs: 5, totalMs: 200, maxImagePosts: 2 };

function harness(states: FileState[], sends: ('ok' | 'refuse' | Error)[]) {
  const sent: ImageMessage[] = [];
  const shared: string[][] = [];
  let s = 0;
  return {
    sent,
    shared,
    delivery: {
      async send(m: ImageMessage) {
        sent.push(m);
        const next = sends.shift() ?? 'ok';
        if (next === 'refuse') throw refused;
        if (next instanceof Error) throw next;
        return sent.length;
      },
      async fileState() {
        return states[Math.min(s++, states.length - 1)]!;
      },
      mayBeImageRefusal: (e: unknown) => e === refused,
      async shareImages(_sent: number, ids: readonly string[]) {
        shared.push([...ids]);
      },
      fallbackNote: 'chart in the thread',
      wait,
    },
  };
}

describe('sendWithImages', () => {
  it('sends a message without images at once', async () => {
    const h = harness(['processing'], ['ok']);
    const out = await sendWithImages({ text: 't', blocks: [{ type: 'section' }] }, h.delivery);
    expect(out.images).toBe('none');
    expect(h.sent).toHaveLength(1);
  });

  it('polls until the file is ready, then sends once with the image', async () => {
    const h = harness(['processing', 'processing', 'ready'], []);
    const out = await sendWithImages(message, h.delivery);
    expect(out.images).toBe('shown');
    expect(h.sent).toEqual([message]);
  });

  it('retries a refused post once, then sends the text with a note and shares the image', async () => {
    const h = harness(['ready'], ['refuse', 'refuse', 'ok']);
    const out = await sendWithImages(message, h.delivery);
    expect(out.images).toBe('shared');
    expect(h.sent).toHaveLength(3);
    expect(slackFileIds(h.sent[2]!.blocks)).toEqual([]);
    expect(JSON.stringify(h.sent[2]!.blocks)).toContain('chart in the thread');
    expect(h.shared).toEqual([['F1']]);
  });

  it('goes straight to text when files.info says the file does not exist', async () => {
    const h = harness(['missing'], []);
    const out = await sendWithImages(message, h.delivery);
    expect(out.images).toBe('shared');
    expect(h.sent).toHaveLength(1);
  });

  it('never sends with the image past the time budget, however long the file stays processing', async () => {
    const h = harness(['processing'], ['refuse', 'refuse']);
    const started = Date.now();
    await sendWithImages(message, h.delivery);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(h.sent.length).toBeLessThanOrEqual(3);
    expect(slackFileIds(h.sent.at(-1)!.blocks)).toEqual([]);
  });

  it('throws other failures at once, and a refusal the text gets too', async () => {
    const other = new Error('channel_not_found');
    const h1 = harness(['ready'], [other]);
    await expect(sendWithImages(message, h1.delivery)).rejects.toBe(other);
    expect(h1.sent).toHaveLength(1);
    const h2 = harness(['ready'], ['refuse', 'refuse', 'refuse']);
    await expect(sendWithImages(message, h2.delivery)).rejects.toBe(refused);
    expect(h2.shared).toEqual([]);
  });

  it('delivers the text even when sharing the image fails', async () => {
    const h = harness(['missing'], []);
    h.delivery.shareImages = async () => {
      throw new Error('not_in_channel');
    };
    await expect(sendWithImages(message, h.delivery)).resolves.toMatchObject({ images: 'shared' });
  });
});

describe('helpers', () => {
  it('replaces only slack_file images with one note', () => {
    const m = withoutSlackFiles({ text: 't', blocks: [...message.blocks, { type: 'image', image_url: 'https://x/y.png' }, { type: 'image', slack_file: { id: 'F2' } }] }, 'n');
    expect(m.blocks.map((b) => (b as { type: string }).type)).toEqual(['header', 'context', 'context', 'image']);
  });

  it('keeps the table (in attachments) in the text-only message', () => {
    const attachments = [{ blocks: [{ type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] }] }];
    const m = withoutSlackFiles({ text: 't', blocks: message.blocks, attachments }, 'n');
    expect(m.attachments).toEqual(attachments);
    expect(m.text).toBe('t');
  });

  it('tells a refusal naming other blocks from one naming the image', () => {
    expect(refusalNamesOtherBlocks(['invalid slack file [json-pointer:/blocks/0/slack_file]'])).toBe(false);
    expect(refusalNamesOtherBlocks(['must be less than 3001 characters [json-pointer:/blocks/2/text/text]'])).toBe(true);
    expect(refusalNamesOtherBlocks(undefined)).toBe(false);
  });
});
