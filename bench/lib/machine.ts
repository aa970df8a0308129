import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** "Intel Xeon … , 2 cores, 23.4 GB RAM": the machine line printed with every benchmark table. */
export function machineLine(postgresVersion?: string): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const parts = [model, `${cpus().length} cores`, `${(totalmem() / 2 ** 30).toFixed(1)} GB RAM`, `Node ${process.versions.node}`];
  if (postgresVersion) parts.push(`PostgreSQL ${postgresVersion}`);
  return parts.join(', ');
}

/** Peak resident set (VmHWM) of a live process in MB, from /proc; undefined when it is gone. */
export function peakRssMb(pid: number | 'self' = 'self'): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of this process whose command line contains `needle` (e.g. the `serve` child). */
export function childPids(needle: string): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const kids = readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/) : []) {
        const cmd = readFileSync(`/proc/${k}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (cmd.includes(needle)) out.push(Number(k));
      }
    }
  } catch {
    // no /proc (not Linux): no figures
  }
  return out;
}
