/**
 * Five-field cron patterns (minute hour day-of-month month day-of-week), as BullMQ's job schedulers read
 * them. Checked here so a typo is a usage error when subscribing, not a scheduler failure later.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], base: 1 },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], base: 0 },
] as const;

function value(text: string, f: (typeof FIELDS)[number]): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const names = 'names' in f ? (f.names as readonly string[]) : undefined;
  const i = names ? names.indexOf(text.toLowerCase()) : -1;
  return i >= 0 && 'base' in f ? i + f.base : undefined;
}

/** Why a cron pattern is not valid, or undefined when it is. */
export function cronProblem(pattern: string): string | undefined {
  const parts = pattern.trim().split(/\s+/);
  if (parts.length !== 5) return `a cron pattern has 5 fields (minute hour day month weekday), "${pattern}" has ${parts.length}`;
  for (let i = 0; i < 5; i++) {
    const f = FIELDS[i]!;
    for (const item of parts[i]!.split(',')) {
      const m = /^([^/]+)(?:\/(\d{1,2}))?$/.exec(item);
      if (!m) return `${f.name}: "${item}" is not valid`;
      if (m[2] !== undefined && Number(m[2]) < 1) return `${f.name}: a step must be at least 1`;
      if (m[1] === '*') continue;
      const [a, b, extra] = m[1]!.split('-');
      if (extra !== undefined) return `${f.name}: "${item}" is not valid`;
      const from = value(a ?? '', f);
      const to = b === undefined ? from : value(b, f);
      if (from === undefined || to === undefined || from < f.min || to > f.max || from > to) {
        return `${f.name}: "${item}" is outside ${f.min}–${f.max}`;
      }
    }
  }
  return undefined;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A short reading of the common patterns ("every Monday at 08:00"); other patterns are shown as they are. */
export function describeCron(pattern: string): string {
  const p = pattern.trim().split(/\s+/);
  const [min, hour, dom, mon, dow] = p;
  if (p.length !== 5 || !/^\d{1,2}$/.test(min ?? '') || !/^\d{1,2}$/.test(hour ?? '') || mon !== '*') return `cron ${pattern}`;
  const at = `${hour!.padStart(2, '0')}:${min!.padStart(2, '0')}`;
  if (dom === '*' && dow === '*') return `every day at ${at}`;
  if (dom === '*' && dow === '1-5') return `weekdays at ${at}`;
  if (dom === '*' && /^[0-7]$/.test(dow!)) return `every ${DAY_NAMES[Number(dow)]} at ${at}`;
  if (/^\d{1,2}$/.test(dom!) && dow === '*') return `monthly on day ${dom} at ${at}`;
  return `cron ${pattern}`;
}
