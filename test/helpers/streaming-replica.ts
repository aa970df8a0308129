import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/** The server binaries the cluster needs; a missing one fails the test with its name, never a skip. */
const BINARIES = ['initdb', 'pg_ctl', 'pg_basebackup'] as const;

/** The newest PostgreSQL bin directory holding every binary (Debian's layout, then PG_BIN, then PATH). */
function findBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(':').filter(Boolean));
  for (const dir of candidates) if (BINARIES.every((b) => existsSync(join(dir, b)))) return dir;
  const missing = BINARIES.filter((b) => !candidates.some((dir) => existsSync(join(dir, b))));
  throw new Error(
    `The streaming replica test needs the PostgreSQL server binaries ${missing.join(', ') || BINARIES.join(', ')} (none found together in /usr/lib/postgresql/*/bin, PG_BIN or PATH).`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface StreamingReplica {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops replay on the replica (reads keep working on what it has). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops both servers by their postmaster PIDs and removes the directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A primary (`initdb`, wal_level=replica) and a real streaming replica of it (`pg_basebackup -R`), each
 * on a free port of 127.0.0.1, in one temporary directory. The shared test server is left alone: its
 * configuration is not ours to change, and a base backup of it would copy every other test's database.
 * initdb refuses to run as root, so as root the servers run as the `postgres` user.
 */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  const bin = findBinDir();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'salesbot-replica-'));
  const pids: number[] = [];
  const admin: postgres.Sql[] = [];
  const sh = async (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      await run(cmd, argv, { timeout: 60_000 });
    } catch (e) {
      const log = ['primary.log', 'replica.log'].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f, 'utf8').slice(-2000));
      throw new Error(`${tool} failed: ${(e as Error).message}\n${log.join('\n')}`);
    }
  };
  const stop = async () => {
    await Promise.all(admin.splice(0).map((s) => s.end({ timeout: 1 }).catch(() => {})));
    // Immediate shutdown by PID (SIGQUIT), replica first; nothing here is worth a clean checkpoint.
    for (const pid of pids.splice(0).reverse()) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        continue; // already gone
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const start = async (name: string, port: number, settings: string[]) => {
    const options = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'shared_buffers=16MB', ...settings.flatMap((s) => ['-c', s])];
    await sh('pg_ctl', ['-D', join(dir, name), '-l', join(dir, `${name}.log`), '-w', '-t', '60', '-o', options.join(' '), 'start']);
    pids.push(Number(readFileSync(join(dir, name, 'postmaster.pid'), 'utf8').split('\n')[0]));
  };
  try {
    if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout.trim()), Number((await run('id', ['-g', 'postgres'])).stdout.trim()));
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    await sh('initdb', ['-D', join(dir, 'primary'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
    await start('primary', primaryPort, ['wal_level=replica', 'max_wal_senders=4']);
    await sh('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', join(dir, 'replica'), '-R', '-X', 'stream', '--no-sync']);
    await start('replica', replicaPort, ['hot_standby=on']);
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
    const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    admin.push(primary, replica);
    return {
      primaryUrl,
      replicaUrl,
      pauseReplay: async () => {
        await replica`select pg_wal_replay_pause()`;
      },
      resumeReplay: async () => {
        await replica`select pg_wal_replay_resume()`;
      },
      async caughtUp(timeoutMs = 20_000) {
        const lsn = (await primary<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`)[0]!.lsn;
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const rows = await replica<{ done: boolean }[]>`select coalesce(pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn, false) as done`;
          if (rows[0]?.done) return;
          if (Date.now() > deadline) throw new Error(`the replica did not reach ${lsn} within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
