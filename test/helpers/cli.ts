import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables for the child; DATABASE_URL, SALES_TZ and LOG_LEVEL are never inherited from the test run. */
  env?: Record<string, string | undefined>;
  /** Bytes piped to the child's stdin (for `import … -`). */
  stdin?: string | Buffer;
  timeoutMs?: number;
}

/** Variables of the parent that would make a child talk to the wrong database or log differently. */
const NOT_INHERITED = ['DATABASE_URL', 'ANALYTICS_DATABASE_URL', 'REDIS_URL', 'SALES_TZ', 'LOG_LEVEL', 'PGLITE_DIR'];

/** A child running `node bin/sales-bot.js …`: the process (to kill it) and its outcome. */
export interface StartedCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/**
 * Starts `node bin/sales-bot.js …` as a real child process (the way a user does), for tests that must
 * act while it runs (kill it mid-import); `done` never rejects on a non-zero exit or a signal.
 */
export function startCli(args: readonly string[], opts: CliOptions = {}): StartedCli {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of NOT_INHERITED) delete env[k];
  for (const [k, v] of Object.entries({ LOG_LEVEL: 'warn', ...opts.env })) {
    if (v !== undefined) env[k] = v;
  }
  const child = spawn(process.execPath, ['bin/sales-bot.js', ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = new Promise<CliResult>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
  child.stdin!.on('error', () => {}); // the child may exit before reading everything
  child.stdin!.end(opts.stdin ?? '');
  return { child, done };
}

/**
 * Runs `node bin/sales-bot.js …` as a real child process (the way a user does) and captures its output
 * and exit code. Never rejects on a non-zero exit: tests assert on `code`.
 */
export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}
