import { reportByName } from '../../reports/registry.js';
import type { ReportView } from '../../views/report-view.js';
import { ACTION_IDS, tryEncodeAction } from '../parse/action-value.js';
import { SLASH } from '../../requests/report-usage.js';
import type { CallListPage } from '../../services/call-list.js';
import { callListHomeBlocks } from './call-list-message.js';
import { actions, button, context, divider, fields, header, section, type Block, type Button } from './builders.js';
import { LIMITS } from './limits.js';
import { escapeFit } from './text.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export interface HomeSubscription {
  id: number;
  kind: string;
  schedule: string;
  /** Channel id (C…/G…), user id (U…) for a DM, or any other text. */
  target: string;
  paused: boolean;
}

export interface AppHomeInput {
  userName?: string;
  role: 'admin' | 'manager' | 'salesman' | 'unmapped';
  /** Key figures of the overview report in the person's own scope. */
  numbers?: ReportView;
  subscriptions: readonly HomeSubscription[];
  reports: readonly { name: string; title: string }[];
  callList?: CallListPage;
  /** One line per target with its attainment (absent: the goals were not read). */
  goals?: readonly string[];
  /** The metrics the person follows: id and one line ("Revenue (region Iberia) · weekly"). */
  follows?: readonly { id: number; text: string }[];
}


/** Reports offered as one-click buttons: those whose module asks for one, in its `homeButton` order. */
function homeButtonOf(name: string): number | undefined {
  return reportByName(name)?.homeButton;
}

/** Subscriptions listed one per block; the rest are counted (App Home holds 100 blocks). */
const MAX_LISTED = 40;

const ROLE_LINES: Record<AppHomeInput['role'], string> = {
  admin: 'You are an *admin*: you see every salesman’s numbers and can set roles with `/sales admin`.',
  manager: 'You are a *manager*: you see every salesman’s numbers.',
  salesman: 'You are a *salesman*: reports show your own customers.',
  unmapped: 'You are not linked to a salesman yet, so there is nothing to show here.',
};

function targetText(target: string): string {
  if (/^[CG][A-Z0-9]{2,40}$/.test(target)) return `<#${target}>`;
  if (/^[UW][A-Z0-9]{2,40}$/.test(target)) return `<@${target}>`;
  return escapeFit(target, 100);
}

/**
 * The App Home tab: who you are to the bot, your KPIs, one-click reports, your subscriptions. Someone
 * not linked yet sees how to get linked instead of numbers.
 */
export function appHomeView(input: AppHomeInput): HomeView {
  const hello = input.userName?.trim() ? `Hi ${input.userName.trim()}` : 'sales-bot';
  const blocks: (Block | undefined)[] = [header(hello), section(ROLE_LINES[input.role] ?? ROLE_LINES.unmapped)];

  if (input.role === 'unmapped') {
    blocks.push(
      section(
        `Ask an admin to link you: \`${SLASH} admin link @you &lt;salesman id&gt;\` (or \`${SLASH} admin role @you manager\` for team-wide numbers). Then open this tab again.`,
      ),
      context([`\`${SLASH} help\` lists every command.`]),
    );
    return view(blocks);
  }

  blocks.push(divider(), header('Your numbers'));
  if (input.numbers && input.numbers.keyFigures.length > 0) {
    const numbers = input.numbers;
    blocks.push(fields(numbers.keyFigures, { labelMax: 80, valueMax: 300 }), context([escapeFit(numbers.title, 300), ...numbers.notes.slice(0, 8).map((n) => escapeFit(n, 300))]));
  } else {
    blocks.push(context(['No figures yet: once sales data is imported, your KPIs show here.']));
  }

  if (input.goals !== undefined) {
    blocks.push(divider(), header('Your goals'));
    blocks.push(
      input.goals.length > 0
        ? section(input.goals.map((l) => `• ${escapeFit(l, 280)}`).join('\n'))
        : context([`No targets for this month or quarter. A manager sets one with \`${SLASH} goal set revenue 120k this month\`.`]),
    );
  }

  const offered = input.reports.filter((r) => homeButtonOf(r.name) !== undefined).sort((a, b) => homeButtonOf(a.name)! - homeButtonOf(b.name)!);
  const buttons = offered.flatMap((report): Button[] => {
    const value = tryEncodeAction({ v: 1, kind: 'report', report: report.name, q: report.name });
    return value ? [button(report.title, ACTION_IDS.open, value)] : [];
  });
  if (buttons.length > 0) {
    blocks.push(divider(), header('Reports'), actions(buttons.slice(0, LIMITS.actionsElements)), context([`Answers arrive in your DM with me. \`${SLASH} help\` lists every report and filter.`]));
  }

  blocks.push(divider(), ...callListHomeBlocks(input.callList));

  blocks.push(divider(), header('Your subscriptions'));
  if (input.subscriptions.length === 0) {
    blocks.push(context([`None yet. e.g. \`${SLASH} subscribe rfm weekly on:mon at:08:00 me\``]));
  } else {
    for (const s of input.subscriptions.slice(0, MAX_LISTED)) {
      const line = `*#${s.id}* ${escapeFit(s.kind, 200)} · ${escapeFit(s.schedule, 200)} → ${targetText(s.target)}${s.paused ? ' · _paused_' : ''}`;
      blocks.push(section(line));
    }
    const more = input.subscriptions.length - MAX_LISTED;
    blocks.push(context([`${more > 0 ? `…and ${more} more. ` : ''}\`${SLASH} subscriptions\` lists them; \`${SLASH} pause <id>\`, \`resume <id>\`, \`unsubscribe <id>\` change them.`.replace(/<id>/g, '&lt;id&gt;')]));
  }
  blocks.push(...followBlocks(input.follows ?? []));
  return view(blocks);
}

/** "What you follow": one line per followed metric (a few per block), or how to start. */
function followBlocks(list: readonly { id: number; text: string }[]): (Block | undefined)[] {
  const out: (Block | undefined)[] = [divider(), header('What you follow')];
  if (list.length === 0) {
    out.push(context([`Nothing yet. e.g. \`${SLASH} follow revenue\` or \`${SLASH} follow avg basket daily me\`: a digest of them comes by DM in your time zone.`]));
    return out;
  }
  const lines = list.slice(0, MAX_LISTED).map((f) => `*#${f.id}* ${escapeFit(f.text, 200)}`);
  for (let i = 0; i < lines.length; i += 10) out.push(section(lines.slice(i, i + 10).join('\n')));
  const more = list.length - MAX_LISTED;
  out.push(context([`${more > 0 ? `…and ${more} more. ` : ''}\`${SLASH} following\` lists them; \`${SLASH} unfollow &lt;id&gt;\` stops one.`]));
  return out;
}

function view(blocks: readonly (Block | undefined)[]): HomeView {
  return { type: 'home', blocks: blocks.filter((b): b is Block => b !== undefined).slice(0, LIMITS.blocksPerView) };
}
