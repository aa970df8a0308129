import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map(
    (m) => m[1]!,
  );
}

/** architecture.md: which layers may import which libraries. */
const RULES: { pkg: RegExp; allowed: RegExp; why: string }[] = [
  { pkg: /^@slack\//, allowed: /^src\/slack\//, why: 'only src/slack talks to Slack' },
  { pkg: /^(drizzle-orm|postgres|@electric-sql\/pglite)(\/|$)/, allowed: /^src\/db\//, why: 'only src/db talks to the database' },
  { pkg: /^bullmq(\/|$)/, allowed: /^src\/jobs\//, why: 'only src/jobs talks to BullMQ' },
];

/** The source file a relative import names (`../x.js` → `src/…/x.ts`), or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return normalize(join(dirname(from), spec)).replace(/\\/g, '/').replace(/\.js$/, '.ts');
}

/** The doors: Slack, the CLI, the HTTP API and the job processors each bring requests in. */
const DOORS = ['src/slack/', 'src/cli/', 'src/api/', 'src/jobs/'] as const;
const doorOf = (file: string) => DOORS.find((d) => file.startsWith(d));

/**
 * Shared output modules any door may use (architecture.md): the Block Kit builders and the Slack poster.
 * They stay under src/slack because only src/slack may import @slack/*, but they render and post, they
 * do not take requests; so a door may import them. They are still renderers: services, requests and
 * reports may not (rules b and c), and they themselves import no door but Slack's own.
 */
const SHARED_OUTPUT = [/^src\/slack\/blocks\//, /^src\/slack\/web-poster\.ts$/];

/**
 * Where one process wires doors together by design, file → the files it may import from another door.
 * `bin/sales-bot` is the CLI, so its process commands start the other doors: `serve` starts the Slack
 * app (and closes jobs control), `worker` the job workers, `digest run` one job in-process, `demo` the
 * demo deliveries, `health` pings Redis, `import` queues the refresh after an import. The Slack app
 * mounts the API routes on the Bolt receiver (architecture.md: one HTTP server for both).
 */
const COMPOSITION: Record<string, readonly string[]> = {
  'src/cli/commands/serve.ts': ['src/slack/app.ts', 'src/jobs/control.ts'],
  'src/cli/commands/worker.ts': ['src/jobs/connection.ts', 'src/jobs/channel-pacer.ts', 'src/jobs/job-settings.ts', 'src/jobs/worker.ts'],
  'src/cli/commands/digest.ts': ['src/jobs/in-process.ts', 'src/jobs/job-settings.ts', 'src/jobs/queues.ts', 'src/jobs/recording-poster.ts', 'src/jobs/job-errors.ts'],
  'src/cli/commands/demo.ts': ['src/jobs/demo-deliveries.ts'],
  'src/cli/commands/health.ts': ['src/jobs/redis-health.ts'],
  'src/cli/commands/import.ts': ['src/jobs/control.ts'],
  'src/slack/app.ts': ['src/api/analytics-route.ts', 'src/api/health-route.ts'],
};

/**
 * Arrows against the layers that are still there, owned by other work in issue 12. Each is one exact
 * `importer → imported` pair; the rule itself is not relaxed. Empty this list as they are fixed.
 */
const KNOWN_VIOLATIONS: readonly string[] = [];

describe('architecture', () => {
  const files = sourceFiles(srcDir).map((f) => relative(root, f));

  it.each(RULES)('$why', ({ pkg, allowed }) => {
    const offenders = files.filter((f) => !allowed.test(f) && importsOf(join(root, f)).some((i) => pkg.test(i)));
    expect(offenders).toEqual([]);
  });

  it('keeps src/analytics pure (no I/O modules, no other layers)', () => {
    const io = /^(node:)?(fs|net|http|https|child_process|worker_threads|dgram)(\/|$)|^(ioredis|pino)$|\/(db|slack|jobs|services|config|cli|charts|api)\//;
    const offenders = files
      .filter((f) => f.startsWith('src/analytics/'))
      .flatMap((f) => importsOf(join(root, f)).filter((i) => io.test(i)).map((i) => `${f} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  /** Every `importer → imported` pair between source files. */
  const edges = files.flatMap((f) =>
    importsOf(join(root, f))
      .map((i) => resolveImport(f, i))
      .filter((to): to is string => to !== undefined)
      .map((to) => ({ from: f, to })),
  );
  const pair = (e: { from: string; to: string }) => `${e.from} → ${e.to}`;
  const known = new Set(KNOWN_VIOLATIONS);

  it('a door (slack, cli, api, jobs) never imports another door', () => {
    const offenders = edges.filter((e) => {
      const from = doorOf(e.from);
      const to = doorOf(e.to);
      if (!from || !to || from === to) return false;
      if (SHARED_OUTPUT.some((re) => re.test(e.to))) return false;
      return !COMPOSITION[e.from]?.includes(e.to);
    });
    expect(offenders.map(pair).filter((p) => !known.has(p))).toEqual([]);
  });

  it('src/services and src/requests never import a door (nor the renderers under src/slack)', () => {
    const offenders = edges.filter((e) => /^src\/(services|requests)\//.test(e.from) && doorOf(e.to) !== undefined);
    expect(offenders.map(pair).filter((p) => !known.has(p))).toEqual([]);
  });

  it('src/reports never imports a door or src/services', () => {
    const offenders = edges.filter((e) => e.from.startsWith('src/reports/') && (doorOf(e.to) !== undefined || e.to.startsWith('src/services/')));
    expect(offenders.map(pair).filter((p) => !known.has(p))).toEqual([]);
  });

  it('the allow-lists name real files and imports that are still there', () => {
    const all = new Set(edges.map(pair));
    expect(KNOWN_VIOLATIONS.filter((p) => !all.has(p))).toEqual([]);
    const composed = Object.entries(COMPOSITION).flatMap(([from, tos]) => tos.map((to) => `${from} → ${to}`));
    expect(composed.filter((p) => !all.has(p))).toEqual([]);
  });

  it('has no import cycles', async () => {
    const graph = await madge(srcDir, { fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.json') });
    expect(graph.circular()).toEqual([]);
  });
});
