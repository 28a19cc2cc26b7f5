// Who holds a TCP port, so "port in use" can name the process (docs/behaviour.md §3.1). Best
// effort: `ss -ltnp`, else /proc/net/tcp{,6} + /proc/*/fd; null when neither tells.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';

export interface PortHolder {
  pid: number;
  name: string | null;
}

function viaSs(port: number): Promise<PortHolder | null> {
  return new Promise((resolve) => {
    execFile('ss', ['-Hltnp', `sport = :${port}`], { timeout: 2000 }, (err, stdout) => {
      if (err) return resolve(null);
      const m = /users:\(\("([^"]*)",pid=(\d+)/.exec(stdout);
      resolve(m ? { pid: Number(m[2]), name: m[1] ?? null } : null);
    });
  });
}

async function listeningInodes(port: number): Promise<Set<string>> {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local rem st ... inode(9)
      if (cols[3] === '0A' && cols[1]?.endsWith(`:${hex}`) && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

async function viaProc(port: number): Promise<PortHolder | null> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return null;
  let pids: string[];
  try {
    pids = (await fs.readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await fs.readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = await fs.readlink(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1]!)) {
          const comm = await fs.readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
          return { pid: Number(pid), name: comm.trim() || null };
        }
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

export async function findPortHolder(port: number): Promise<PortHolder | null> {
  return (await viaSs(port)) ?? (await viaProc(port));
}
