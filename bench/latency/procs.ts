import { readdirSync, readFileSync } from 'node:fs';

// The process table from /proc (Linux): what the latency bench measures CPU with, and what its
// cleanup walks to end every process it started.

export interface ProcInfo {
  ppid: number;
  ticks: number;
  name: string;
}

export function processTable(): Map<number, ProcInfo> {
  const table = new Map<number, ProcInfo>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table; // Not Linux: nothing to walk.
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name is in parentheses and may hold spaces: fields follow the last ')'.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        name,
      });
    } catch {
      // The process exited while the table was read.
    }
  }
  return table;
}

/** `root` and every process below it. */
export function descendants(table: Map<number, ProcInfo>, root: number): Set<number> {
  const found = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, info] of table) {
      if (!found.has(pid) && found.has(info.ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return found;
}

/** This process's direct children. */
export function childPids(): number[] {
  return [...processTable()].filter(([, info]) => info.ppid === process.pid).map(([pid]) => pid);
}

/**
 * SIGKILL to every process below this one (synchronous: usable in an `exit` handler). Returns
 * the process ids signalled.
 */
export function killDescendants(): number[] {
  const below = [...descendants(processTable(), process.pid)].filter((pid) => pid !== process.pid);
  const killed: number[] = [];
  for (const pid of below) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // Already gone.
    }
  }
  return killed;
}
