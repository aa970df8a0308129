/**
 * An instant as people read it, in a given time zone: "Mon 7 Dec 2026, 09:00 CET" (or the day alone).
 * For text that cannot use Slack's `<!date>` (notification text, job details, CLI output); messages use
 * `slackDate`, which Slack shows in each reader's own zone.
 */
export function readableTime(iso: string | number | Date, timeZone: string, opts: { time?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  // en-GB puts a comma after the weekday ("Mon, 7 Dec 2026"); drop it so the time's comma reads clearly.
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(d).replace(',', '');
  if (opts.time === false) return day;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(d);
  return `${day}, ${time}`;
}
