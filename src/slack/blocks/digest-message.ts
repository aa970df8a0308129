import { formatInt, formatMoney, formatPercent, formatSignedMoney } from '../../lib/format.js';
import type { Digest } from '../../services/digest.js';
import { kpiView } from '../../reports/kpi/kpi-report.js';
import type { WhyDriver } from '../../reports/why/why-report.js';
import { filtersWords } from '../../views/answer-meta.js';
import { codeTable, context, fields, header, message, section, type Block, type Message } from './builders.js';
import { chartBlock } from './chart-block.js';
import type { ChartRef } from './report-message.js';
import { slackDate } from './slack-format.js';
import { escapeFit } from './text.js';
import { tableLayout } from './text-table.js';

export interface DigestCharts {
  /** Daily revenue sparkline (the kpi report's chart). */
  kpi?: ChartRef;
  /** Revenue change waterfall (the why report's chart). */
  why?: ChartRef;
}

const PERIOD_NAME: Record<number, string> = { 1: 'Daily', 7: 'Weekly', 30: 'Monthly' };

/** One minus sign (hyphen-minus) for every view, as lib/format.ts says; "+1,234", "-56", "0". */
const signed = formatSignedMoney;

function moverLine(d: WhyDriver): string {
  const name = escapeFit(d.name || d.member, 80, 'Product');
  return `• *${name}* ${signed(d.delta)} (${formatMoney(d.previous)} → ${formatMoney(d.current)})`;
}

/** ", expected 92,000–118,000" and, when outside it, which side; '' without an expectation (older stored digests too). */
function expectedText(value: number, e: Digest['revenue']['expected']): string {
  if (!e) return '';
  const side = value < e.lower ? ' — below expected' : value > e.upper ? ' — above expected' : '';
  return `, expected ${formatMoney(e.lower)}–${formatMoney(e.upper)}${side}`;
}

/**
 * The executive digest: KPI cards, revenue against the previous period, the products that moved most,
 * RFM segment shifts, and the charts (uploaded beforehand, shown as image blocks).
 */
export function digestMessage(d: Digest, charts: DigestCharts = {}): Message {
  const name = PERIOD_NAME[d.periodDays] ?? `${d.periodDays}-day`;
  const { current, previous } = d.periods;
  const title = `${name} digest · ${current.from === current.to ? current.to : `${current.from} – ${current.to}`}`;
  const change = d.revenue.changeRatio === null ? 'new' : `${d.revenue.changeRatio >= 0 ? '+' : ''}${formatPercent(d.revenue.changeRatio)}`;
  const kpiFigures = kpiView(d.kpi).keyFigures.filter((f) => !f.label.startsWith('Revenue, last'));
  const notes: string[] = [];
  const blocks: (Block | undefined)[] = [
    header(title),
    fields([
      { label: 'Revenue this period', value: `${formatMoney(d.revenue.current)} (${change})${expectedText(d.revenue.current, d.revenue.expected)}` },
      { label: `Previous period (${previous.from} – ${previous.to})`, value: formatMoney(d.revenue.previous) },
      ...kpiFigures,
    ]),
  ];
  const movers = [
    ...(d.moversUp.length > 0 ? ['*Top movers up*', ...d.moversUp.map(moverLine)] : []),
    ...(d.moversDown.length > 0 ? ['*Top movers down*', ...d.moversDown.map(moverLine)] : []),
  ];
  blocks.push(movers.length > 0 ? section(movers.join('\n')) : section('_No product moved between the two periods._'));
  const shifts = d.segmentShifts.filter((s) => s.delta !== 0);
  if (shifts.length > 0) {
    const layout = tableLayout(
      [{ label: 'RFM segment' }, { label: 'customers', align: 'r' }, { label: 'change', align: 'r' }],
      shifts.slice(0, 10).map((s) => [s.segment, formatInt(s.current), `${s.delta > 0 ? '+' : ''}${formatInt(s.delta)}`]),
    );
    blocks.push(section('*RFM segment shifts* (customers at the end of each period)'), codeTable(layout.lines, 1500));
  } else {
    blocks.push(section('_No customer changed RFM segment between the two periods._'));
  }
  if (d.goals !== undefined && d.goals.length > 0) blocks.push(section(['*Goals*', ...d.goals.map((l) => `• ${escapeFit(l, 280)}`)].join('\n')));
  blocks.push(chartBlock(charts.kpi, notes), chartBlock(charts.why, notes));
  const meta = [
    `Filters: ${escapeFit(filtersWords(d.filters, d.kpi.scopeLabel), 300)}`,
    d.dataAsOf ? `data as of ${slackDate(d.dataAsOf)}` : 'no sales data yet',
    ...(d.dataNote ? [escapeFit(d.dataNote, 300)] : []),
    ...notes.map((n) => escapeFit(n, 300)),
  ];
  blocks.push(context(meta));
  return message(`${title}: revenue ${formatMoney(d.revenue.current)} (${change})`, blocks);
}
