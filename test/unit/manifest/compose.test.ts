import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';
import { IMPORT_KINDS } from '../../../src/db/import/kinds.js';

const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** The shell lines of the README's docker compose example (no Docker engine here: checked as text). */
function readmeComposeLines(): string[] {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('## Production set-up (docker compose)'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

describe('docker-compose.yml, Dockerfile and the README example', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { command?: string[]; healthcheck?: { test: string[] }; depends_on?: object }> };

  it('gives the app and the worker health checks that are real sales-bot commands or routes', async () => {
    const program = await buildProgram(['node', 'sales-bot']);
    const commands = program.commands.map((c) => c.name());
    const worker = compose.services.worker!;
    expect(worker.command).toEqual(['worker']);
    const test = worker.healthcheck!.test;
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'bin/sales-bot.js']);
    expect(commands).toContain(test[3]);
    expect(test[3]).toBe('health');
    expect(compose.services.app!.healthcheck!.test.join(' ')).toMatch(/\/healthz/);
    for (const s of ['postgres', 'redis', 'app', 'worker']) expect(compose.services[s]!.healthcheck, s).toBeDefined();
  });

  it('runs the image as the unprivileged node user, with .data writable', () => {
    const lines = read('Dockerfile').split('\n').map((l) => l.trim());
    const user = lines.findIndex((l) => l.startsWith('USER '));
    expect(lines[user]).toBe('USER node');
    // Nothing after USER runs as root again, and the embedded database's directory belongs to node.
    expect(lines.slice(user + 1).some((l) => l.startsWith('USER '))).toBe(false);
    expect(lines.slice(0, user).join('\n')).toMatch(/chown node:node \/app\/\.data/);
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['.data', '.env', 'node_modules']));
  });

  it('imports every file kind in dependency order, each through a real CLI command', async () => {
    const lines = readmeComposeLines();
    const program = await buildProgram(['node', 'sales-bot']);
    const commands = program.commands.map((c) => c.name());
    const runs = lines.filter((l) => l.startsWith('docker compose run')).map((l) => l.split(/\s+/));
    for (const r of runs) {
      const cli = r.slice(r.indexOf('app') + 1);
      expect(commands, r.join(' ')).toContain(cli[0]);
    }
    const imported = runs.map((r) => r.slice(r.indexOf('app') + 1)).filter((c) => c[0] === 'import').map((c) => c[1]);
    expect(imported).toEqual([...IMPORT_KINDS]);
    const migrateAt = runs.findIndex((r) => r.includes('migrate'));
    const firstImport = runs.findIndex((r) => r.includes('import'));
    expect(migrateAt).toBeGreaterThanOrEqual(0);
    expect(migrateAt).toBeLessThan(firstImport);
  });
});
