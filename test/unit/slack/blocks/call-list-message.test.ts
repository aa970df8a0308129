import { describe, expect, it } from 'vitest';
import type { CallListPage, CallListRow } from '../../../../src/services/call-list.js';
import { crossSellReason } from '../../../../src/services/call-list.js';
import { appHomeView } from '../../../../src/slack/blocks/app-home.js';
import { CALL_LIST_ACTION_IDS, callListMessage } from '../../../../src/slack/blocks/call-list-message.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

const huge = '<!channel> *bold* `code` & '.repeat(200);
const row = (id: number, over: Partial<CallListRow> = {}): CallListRow => ({
  id,
  customerId: id,
  customerExternalId: `C${id}`,
  customerName: `Customer ${id}`,
  productExternalId: 'P1',
  productName: 'Toner',
  reason: 'they bought Printer; 42% of such baskets also have it (lift 2.1)',
  addedBy: 'U0BOB',
  addedAt: '2026-12-01T09:30:00.000Z',
  status: 'open',
  ownerSalesmanId: 2,
  ownerName: 'Bob Jones',
  ...over,
});
const page = (rows: CallListRow[], total = rows.length, offset = 0, whose: CallListPage['whose'] = 'own'): CallListPage => ({ whose, rows, total, offset });
const buttons = (m: { blocks: unknown[] }, id: string) =>
  (m.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).flatMap((b) => (b.elements ?? []).filter((e) => e.action_id === id));

describe('call list message', () => {
  it('names the customer, the offer and why, when and by whom it was added, with Done and Remove', () => {
    const m = callListMessage(page([row(7)]));
    expect(blockKitViolations(m)).toEqual([]);
    const s = JSON.stringify(m.blocks);
    expect(s).toContain('*Customer 7* → offer *Toner*');
    expect(s).toContain('they bought Printer; 42% of such baskets');
    expect(s).toContain('added <!date^1796117400^{date_short_pretty}|2026-12-01 09:30 UTC> by <@U0BOB>');
    expect(s).not.toContain('owner');
    expect(buttons(m, CALL_LIST_ACTION_IDS.done).map((b) => b.value)).toEqual(['7']);
    expect(buttons(m, CALL_LIST_ACTION_IDS.remove).map((b) => b.value)).toEqual(['7']);
    expect(buttons(m, CALL_LIST_ACTION_IDS.more)).toEqual([]);
  });

  it('a team list names each owner; an empty list says how calls get there', () => {
    expect(JSON.stringify(callListMessage(page([row(1), row(2, { ownerName: null })], 2, 0, 'team')).blocks)).toMatch(/owner Bob Jones[\s\S]*no owner/);
    const empty = callListMessage(page([]));
    expect(blockKitViolations(empty)).toEqual([]);
    expect(empty.text).toBe('Your call list: nothing to call');
  });

  it('never cuts silently: says how many more and offers the next page, and stays within limits with hostile text', () => {
    const rows = Array.from({ length: 15 }, (_, i) => row(i + 1, { customerName: huge, productName: huge, reason: huge, ownerName: huge }));
    const m = callListMessage(page(rows, 40, 15, 'team'));
    expect(blockKitViolations(m)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toContain('Showing 16–30 of 40. …and 10 more.');
    expect(buttons(m, CALL_LIST_ACTION_IDS.more).map((b) => b.value)).toEqual(['30']);
    expect(JSON.stringify(m.blocks)).not.toContain('<!channel>');
    const last = callListMessage(page([row(41)], 41, 40));
    expect(JSON.stringify(last.blocks)).toContain('Showing 41–41 of 41.');
    expect(buttons(last, CALL_LIST_ACTION_IDS.more).map((b) => b.value)).toEqual(['0']);
  });

  it('App Home lists the calls it got and counts the rest', () => {
    const view = appHomeView({ role: 'manager', subscriptions: [], reports: [], callList: page([row(1), row(2)], 12, 0, 'team') });
    expect(blockKitViolations({ blocks: view.blocks }, { view: true })).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('…and 10 more: `/sales calls` lists them all.');
  });

  it('the reason reads like the DM did', () => {
    expect(crossSellReason({ becauseNames: ['Printer', 'Paper'], confidence: 0.4234, lift: 2.06 })).toBe('they bought Printer + Paper; 42% of such baskets also have it (lift 2.1)');
    expect(crossSellReason({})).toBe('0% of such baskets also have it (lift 0.0)');
  });
});
