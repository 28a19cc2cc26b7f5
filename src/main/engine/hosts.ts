// Host names and addresses of this machine, in one canonical form (docs/behaviour.md, "Security
// model" in docs/security.md). Used by the Host check of the proxy and the console (DNS rebinding)
// and by the self-loop check (a relay URL that reaches one of our own listeners).
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { memoize } from './memo';

/** What this machine answers to besides loopback: its host names and interface addresses. */
export interface MachineNames {
  names: ReadonlySet<string>;
  addresses: ReadonlySet<string>;
}

/** Reads the machine's names now (host name, with and without domain; every interface address). */
export function readMachineNames(): MachineNames {
  const names = new Set<string>();
  const addresses = new Set<string>();
  try {
    const h = canonicalHost(hostname());
    if (h) {
      names.add(h);
      names.add(h.split('.')[0]!);
    }
  } catch {
    // no host name: nothing to add
  }
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      const c = canonicalHost(a.address.replace(/%.*$/, ''));
      if (c) addresses.add(c);
    }
  }
  return { names, addresses };
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `::ffff:7f00:1` / `0:0:0:0:0:ffff:7f00:1` → `127.0.0.1`; null when not IPv4-mapped. */
function mappedV4(v6: string): string | null {
  // The URL parser has already compressed the address: the mapped form is `::ffff:hhhh:hhhh`.
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (m) {
    const hi = parseInt(m[1]!, 16);
    const lo = parseInt(m[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const d = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  return d ? d[1]! : null;
}

/**
 * One spelling per host: lower case, no brackets, no trailing dot, IPv4 in dotted decimal (the
 * URL parser reads `0x7f.1` and `2130706433` too), IPv6 compressed, IPv4-mapped IPv6 as IPv4.
 * Null when it is not a host name at all.
 */
export const canonicalHost = memoize(canonicalHostOf);

function canonicalHostOf(host: string): string | null {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === '') return null;
  if (isIP(h) === 6 || h.includes(':')) {
    let parsed: string;
    try {
      parsed = new URL(`http://[${h}]/`).hostname.slice(1, -1);
    } catch {
      return null;
    }
    return mappedV4(parsed) ?? parsed;
  }
  if (!/^[a-z0-9._-]+$/.test(h)) return null;
  h = h.replace(/\.+$/, '');
  if (h === '') return null;
  try {
    return new URL(`http://${h}/`).hostname.replace(/\.+$/, '');
  } catch {
    return null;
  }
}

/** localhost (and *.localhost), 127.0.0.0/8 and ::1, in any spelling canonicalHost accepts. */
export function isLoopback(canonical: string): boolean {
  if (canonical === 'localhost' || canonical.endsWith('.localhost')) return true;
  if (canonical === '::1') return true;
  return canonical.startsWith('127.') && V4.test(canonical);
}

/** `0.0.0.0` / `::`: a listener there answers on every address of the machine. */
export function isWildcard(canonical: string): boolean {
  return canonical === '0.0.0.0' || canonical === '::';
}

/** Whether a listen host as configured (any spelling) is a wildcard address. */
export function isWildcardHost(host: string): boolean {
  const canonical = canonicalHost(host);
  return canonical !== null && isWildcard(canonical);
}

/** A Host header's name part (`name`, `name:port`, `[v6]`, `[v6]:port`); null when malformed. */
export function hostHeaderName(header: string | undefined): string | null {
  return header === undefined ? null : headerName(header);
}

// Every request carries one: the same few values, parsed once each.
const headerName = memoize((header: string): string | null => {
  // Only these shapes: anything else (`a@b`, paths, spaces) could make a URL parser see another host.
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/.exec(header.trim());
  if (!m) return null;
  return canonicalHost(m[1]!);
});

export interface HostPolicy {
  /** The address the listener is bound to, as configured. */
  listenHost: string;
  /** Extra names from `allowed_hosts`. */
  allowed: readonly string[];
  machine: () => MachineNames;
}

/**
 * Whether a request's Host header may reach a listener (DNS rebinding: a page on evil.com whose
 * name now resolves to 127.0.0.1 still sends `Host: evil.com`). Loopback names, the listen host,
 * `allowed_hosts`, and with a wildcard listen host this machine's own names and addresses.
 */
export function isAllowedHost(header: string | undefined, policy: HostPolicy): boolean {
  const name = hostHeaderName(header);
  if (name === null) return false;
  if (isLoopback(name)) return true;
  const listen = canonicalHost(policy.listenHost);
  if (listen !== null && name === listen) return true;
  for (const a of policy.allowed) if (canonicalHost(a) === name) return true;
  if (listen !== null && isWildcard(listen)) {
    const m = policy.machine();
    if (m.names.has(name) || m.addresses.has(name)) return true;
  }
  return false;
}

/** The refusal text, naming the key that would allow the name. */
export function hostRefusal(header: string | undefined, section: 'proxy' | 'console'): string {
  const shown = hostHeaderName(header) ?? '(missing or malformed)';
  return `codex-helper-desktop: Host "${shown}" is not this machine; add it to [${section}] allowed_hosts in config.toml to allow it`;
}
