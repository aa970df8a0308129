import { describe, expect, it } from 'vitest';
import { REPORTS } from '../../../../src/reports/registry.js';
import { appHomeView } from '../../../../src/slack/blocks/app-home.js';
import { errorMessage, notice } from '../../../../src/slack/blocks/error-message.js';
import { helpMessage, reportExample } from '../../../../src/slack/blocks/help-message.js';
import { activityLoggedMessage, customerChoiceMessage } from '../../../../src/slack/blocks/log-messages.js';
import { usageMessage } from '../../../../src/slack/blocks/usage-message.js';
import { decodeAction, decodeLogChoice } from '../../../../src/slack/parse/action-value.js';
import { parseCommand } from '../../../../src/slack/parse/command.js';
import { optionName } from '../../../../src/requests/report-options.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

type Json = Record<string, any>;
const all = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const textOf = (m: { blocks: unknown[] }): string => {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  return out.join('\n');
};
/** Backticked `/sales …` examples in a help text, unescaped, as a person would type them. */
const examples = (text: string) =>
  [...text.matchAll(/`\/sales ([^`]+)`/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
const huge = `<!here> & \`x\` 😀 ${'ü'.repeat(12_000)}`;

describe('helpMessage', () => {
  it('lists every report with its summary and a working example, plus log, admin and the subscription commands', () => {
    const m = helpMessage();
    expect(blockKitViolations(m)).toEqual([]);
    const text = textOf(m);
    for (const r of REPORTS) {
      expect(text).toContain(`\`/sales ${r.name}\` — `);
      expect(text).toContain(`\`/sales ${reportExample(r)}\``);
    }
    for (const word of ['log visit', 'admin role', 'admin link', 'subscribe rfm', 'subscriptions', 'unsubscribe 3', 'pause 3', 'resume 3', 'status']) {
      expect(text).toContain(`\`/sales ${word}`);
    }
    expect(text).toMatch(/\*Subscriptions\* _\(coming soon\)_/);
    expect(textOf(helpMessage(undefined, { subscriptionsAvailable: true }))).not.toMatch(/coming soon/);
  });

  it('every example it shows parses (placeholders aside)', () => {
    const shown = [helpMessage(), ...REPORTS.map((r) => helpMessage(r.name)), helpMessage('log'), helpMessage('admin'), helpMessage('subscribe')].flatMap((m) =>
      examples(textOf(m)),
    );
    // Placeholders: <…>, [optional], a|b choices, and people or channels that must be picked in Slack.
    const concrete = shown.filter((e) => !/[<[|]|@\w|#\w/.test(e));
    expect(concrete.length).toBeGreaterThan(40);
    for (const e of concrete) {
      const r = parseCommand(e);
      expect(r.ok, `${e}: ${r.ok ? '' : r.usage.message}`).toBe(true);
    }
  });

  it('help <report> shows its filters and every option with an example', () => {
    for (const r of REPORTS) {
      const m = helpMessage(r.name);
      expect(blockKitViolations(m)).toEqual([]);
      const text = textOf(m);
      expect(text).toContain(r.title);
      for (const f of ['from:', 'to:', 'last:', 'region:', 'salesman:', 'category:', 'customer:', 'as-of:', 'limit:', 'public']) expect(text).toContain(f);
      for (const o of r.options) expect(text).toContain(`\`${optionName(o)}:`);
    }
  });

  it('topics, and an unknown topic with a suggestion', () => {
    expect(textOf(helpMessage('log'))).toMatch(/log visit\|call\|email\|meeting &lt;customer&gt;/);
    expect(textOf(helpMessage('admin'))).toMatch(/admin role @user/);
    expect(textOf(helpMessage('filters'))).toMatch(/last:90d/);
    const unknown = helpMessage('rfn');
    expect(blockKitViolations(unknown)).toEqual([]);
    expect(textOf(unknown)).toContain('No help topic “rfn”. Did you mean `/sales help rfm`?');
    expect(blockKitViolations(helpMessage(huge))).toEqual([]);
    expect(all(helpMessage(huge))).not.toContain('<!here>');
  });
});

describe('usageMessage', () => {
  it('says what went wrong, suggests, and shows the usage with placeholders escaped', () => {
    const parsed = parseCommand('crosssell min-supprt:0.1');
    if (parsed.ok) throw new Error('expected usage');
    const m = usageMessage(parsed.usage);
    expect(blockKitViolations(m)).toEqual([]);
    const text = textOf(m);
    expect(text).toContain('"min-supprt:" is not a filter or option of crosssell. Did you mean `min-support:`?');
    expect(text).toContain('min-support:&lt;x&gt;');
    expect(text).toContain('`/sales help crosssell` explains it in full.');
    expect(m.text).toMatch(/Did you mean min-support:\?/);
  });

  it('stays valid and escaped for hostile text', () => {
    const m = usageMessage({ message: huge, usage: huge, command: huge, suggestion: huge });
    expect(blockKitViolations(m)).toEqual([]);
    expect(textOf(m)).not.toContain('<!here>');
    expect(m.text).not.toContain('<!here>');
    expect(blockKitViolations(usageMessage({ message: '', usage: '' }))).toEqual([]);
  });
});

describe('errorMessage and notice', () => {
  it('an error is one escaped sentence plus the hint', () => {
    const m = errorMessage('No customer of yours matches "<!channel> & co".', 'Try part of the name.');
    expect(blockKitViolations(m)).toEqual([]);
    expect(textOf(m)).toContain(':warning: No customer of yours matches "&lt;!channel&gt; &amp; co".');
    expect(textOf(m)).toContain('Try part of the name.');
    expect(blockKitViolations(errorMessage(''))).toEqual([]);
    expect(blockKitViolations(errorMessage(huge, huge))).toEqual([]);
  });

  it('a notice keeps the caller’s mrkdwn (mentions) and is valid even when empty or huge', () => {
    const m = notice('<@U123> is now a manager.');
    expect(textOf(m)).toContain('<@U123> is now a manager.');
    expect(blockKitViolations(m)).toEqual([]);
    expect(blockKitViolations(notice(''))).toEqual([]);
    expect(blockKitViolations(notice(huge))).toEqual([]);
  });
});

describe('appHomeView', () => {
  const reports = REPORTS.map((r) => ({ name: r.name, title: r.title }));
  const kpi = { title: 'KPIs · as of 2024-03-31', keyFigures: [{ label: 'Run rate', value: '1,234 <b>' }], columns: [], rows: [], notes: [] };

  it('shows role, KPIs, report buttons that decode to report actions, and subscriptions', () => {
    const v = appHomeView({
      userName: 'Dana',
      role: 'manager',
      numbers: kpi,
      reports,
      subscriptions: [
        { id: 3, kind: 'report rfm', schedule: '0 8 * * 1 (UTC)', target: 'C0123ABC', paused: false },
        { id: 4, kind: 'digest', schedule: 'weekly', target: 'U0123ABC', paused: true },
      ],
    });
    expect(v.type).toBe('home');
    expect(blockKitViolations(v, { view: true })).toEqual([]);
    const text = textOf(v);
    expect(text).toContain('Hi Dana');
    expect(text).toContain('*manager*');
    expect(text).toContain('1,234 &lt;b&gt;');
    expect(text).toContain('*#3* report rfm · 0 8 * * 1 (UTC) → <#C0123ABC>');
    expect(text).toContain('*#4* digest · weekly → <@U0123ABC> · _paused_');
    const buttons = (v.blocks as Json[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
    expect(buttons.map((b: Json) => decodeAction(b.value)?.report)).toEqual(['kpi', 'why', 'rfm', 'churn', 'crosssell', 'abc', 'slow', 'timing', 'geo']);
    expect(buttons.every((b: Json) => /^report_open(:\d+)?$/.test(b.action_id) && decodeAction(b.value)?.kind === 'report')).toBe(true);
  });

  it('an unmapped person sees how to get linked, and no numbers or buttons', () => {
    const v = appHomeView({ role: 'unmapped', reports, subscriptions: [] });
    expect(blockKitViolations(v, { view: true })).toEqual([]);
    expect(textOf(v)).toMatch(/not linked to a salesman.*admin link @you &lt;salesman id&gt;/s);
    expect((v.blocks as Json[]).some((b) => b.type === 'actions')).toBe(false);
  });

  it('many subscriptions and hostile names stay within 100 blocks and escaped', () => {
    const subscriptions = Array.from({ length: 500 }, (_, i) => ({ id: i, kind: huge, schedule: huge, target: `<!channel>${i}`, paused: i % 2 === 0 }));
    const v = appHomeView({ userName: huge, role: 'salesman', numbers: { ...kpi, title: huge, keyFigures: Array.from({ length: 20 }, () => ({ label: huge, value: huge })), notes: [huge] }, reports, subscriptions });
    expect(blockKitViolations(v, { view: true })).toEqual([]);
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    expect(textOf(v)).toContain('…and 460 more.');
    expect(textOf(v)).not.toContain('<!channel>');
    expect(blockKitViolations(appHomeView({ role: 'admin', reports: [], subscriptions: [] }), { view: true })).toEqual([]);
  });
});

describe('log messages', () => {
  it('offers one button per candidate carrying type, customer id and notes', () => {
    const m = customerChoiceMessage('visit', 'left samples & <b>', [
      { id: 'C1', name: 'Acme Corp', city: 'Springfield' },
      { customerId: 'C2', name: 'Acme Ltd', city: null },
    ]);
    expect(blockKitViolations(m)).toEqual([]);
    const buttons = (m.blocks as Json[]).find((b) => b.type === 'actions')!.elements as Json[];
    expect(buttons.map((b) => b.text.text)).toEqual(['Acme Corp (C1) · Springfield', 'Acme Ltd (C2)']);
    expect(buttons.map((b) => b.action_id)).toEqual(['log_choose_customer', 'log_choose_customer:1']);
    expect(decodeLogChoice(buttons[1]!.value)).toEqual({ v: 1, activityType: 'visit', customerId: 'C2', notes: 'left samples & <b>' });
    expect(textOf(m)).toContain('Notes: left samples &amp; &lt;b&gt;');
  });

  it('long notes are cut to fit and the message says so; no candidate → a hint', () => {
    const m = customerChoiceMessage('call', 'n'.repeat(5000), [{ id: 'C1', name: huge }]);
    expect(blockKitViolations(m)).toEqual([]);
    expect(textOf(m)).toMatch(/notes are long/);
    const none = customerChoiceMessage('call', undefined, [{ id: 'x'.repeat(500), name: 'Bad id' }]);
    expect(blockKitViolations(none)).toEqual([]);
    expect(textOf(none)).toMatch(/No customer matches closely enough/);
  });

  it('confirms a logged activity with escaped notes', () => {
    const m = activityLoggedMessage({ kind: 'visit', customerId: 'C1', customerName: 'Acme <Corp>', notes: 'line 1\nline 2 & more', occurredAt: '2024-03-31T10:00:00.000Z', created: true });
    expect(blockKitViolations(m)).toEqual([]);
    expect(textOf(m)).toContain(':white_check_mark: Logged a *visit* with *Acme &lt;Corp&gt;* (C1).');
    expect(textOf(m)).toContain('> line 1\n> line 2 &amp; more');
    // A name ending in a period gets no second one ("Lda.." in issue 11).
    expect(activityLoggedMessage({ kind: 'call', customerId: 'C9', customerName: 'Cortiças do Norte Lda.', created: true }).text).toBe('Logged a call with Cortiças do Norte Lda.');
    const again = activityLoggedMessage({ kind: 'call', customerId: null, customerName: null, created: false, notes: huge });
    expect(blockKitViolations(again)).toEqual([]);
    expect(textOf(again)).toMatch(/without a customer[\s\S]*already logged/);
  });
});
