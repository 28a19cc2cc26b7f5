// Headless entry (`npm run serve`): the same engine as the desktop app, with the console in a
// browser. Prints the config path first, then the listeners and the console URL with its token
// (to this terminal only; the token never goes to a log file).
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportSource } from '../../shared/contract';
import type { ClientName, Snapshot } from '../../shared/snapshot';
import { createEngine, resolveHome } from '../engine';
import type { Logger } from '../engine/types';
import { generateToken, startConsoleServer, type ConsoleServer } from './http-server';
import { parseServeArgs, SERVE_USAGE } from './serve-args';

const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${new Date().toISOString()} info  ${m}\n`),
  warn: (m) => process.stderr.write(`${new Date().toISOString()} warn  ${m}\n`),
  error: (m) => process.stderr.write(`${new Date().toISOString()} error ${m}\n`),
};

function describeConfig(s: Snapshot): string[] {
  if (s.configError) {
    const e = s.configError;
    // The message already starts with the file and names the key path; add the line if it does not.
    const at =
      e.line !== null && !e.message.includes(`line ${e.line}`)
        ? ` (line ${e.line}, column ${e.column ?? 1})`
        : '';
    return [
      `config error: ${e.message}${at}`,
      'running with no stations until the file is fixed (it is watched; nothing was changed)',
    ];
  }
  const lines: string[] = [];
  for (const service of ['codex', 'claude'] as const) {
    const st = s.services[service].stations;
    if (st.length === 0) continue;
    const parts = st.map(
      (x) =>
        `${x.name}${x.active ? ' (active)' : ''}: ${x.upstreams.length} upstream${x.upstreams.length === 1 ? '' : 's'}`,
    );
    lines.push(`loaded ${service}: ${parts.join(', ')}`);
  }
  if (lines.length === 0)
    lines.push('loaded: no stations with upstreams yet; add some in the console');
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  if (s.stateError) lines.push(`state: ${s.stateError.message}`);
  return lines;
}

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2));
  if ('error' in parsed) {
    process.stderr.write(`${parsed.error}\n\n${SERVE_USAGE}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return;
  }
  const engine = createEngine({
    home: resolveHome(parsed.home, process.env),
    logger: stderrLogger,
  });
  await engine.start();
  const info = engine.info();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`config: ${info.configFile}`);
  const snap = engine.snapshot();
  for (const line of describeConfig(snap)) out(line);
  for (const service of ['codex', 'claude'] as const) {
    const svc = snap.services[service];
    out(
      svc.listening
        ? `${service} proxy: http://${svc.listening.host}:${svc.listening.port}`
        : `${service} proxy: not listening: ${svc.error ?? 'disabled'}`,
    );
  }

  // A switch left on by an earlier run is said at start, with the way back.
  for (const client of ['codex', 'claude'] as const) {
    const c = snap.clients[client];
    const how = client === 'codex' ? 'Restore Codex' : 'Restore Claude Code';
    if (c.status === 'on' || c.status === 'stale') {
      out(
        `${client} client: ${c.file} points at this proxy (switched on earlier); "${how}" in the console puts it back, and stopping serve restores it`,
      );
    } else if (c.status === 'foreign') {
      out(
        `${client} client: ${c.file} points at this port without this app's switch; switching is refused`,
      );
    }
    if (c.error) out(`${client} client: ${c.error}`);
  }

  const here = dirname(fileURLToPath(import.meta.url));
  const staticDir = join(here, '../renderer');
  const token = process.env.CODEX_HELPER_DESKTOP_TOKEN || generateToken();
  if (info.consoleNote) out(`console note: ${info.consoleNote}`);
  const consoleServer = await startConsole(engine, token, staticDir, out);

  for (const source of parsed.imports) await runImport(engine, source, out);

  for (const client of parsed.switches) {
    const r = await engine.command('switchClient', { client, on: true });
    if (r.ok) out(`${client}: switched on (restored when this process exits)`);
    else out(`${client}: not switched: ${r.error.message}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: stopping`);
    // Every client pointing at this proxy through the app's switch (a flag, the console, or an
    // earlier run) goes back to what it was: once serve is gone, that port answers nothing.
    for (const client of switchedClients(engine.snapshot())) {
      const r = await engine.command('switchClient', { client, on: false });
      const file = engine.snapshot().clients[client].file;
      out(
        r.ok
          ? `${client}: restored ${file} (it pointed at this proxy)`
          : `${client}: could not restore: ${r.error.message}`,
      );
    }
    await consoleServer?.close();
    await engine.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => engine.checkConfigNow());
}

/** Clients the app switched on, however that happened. */
function switchedClients(s: Snapshot): ClientName[] {
  return (['codex', 'claude'] as const).filter((c) => {
    const status = s.clients[c].status;
    return status === 'on' || status === 'stale';
  });
}

/** The console, or null when it cannot start (the reason is printed). */
async function startConsole(
  engine: ReturnType<typeof createEngine>,
  token: string,
  staticDir: string,
  out: (line: string) => void,
): Promise<ConsoleServer | null> {
  const info = engine.info();
  if (info.consoleDown) {
    out(`console: not available: ${info.consoleDown}`);
    return null;
  }
  try {
    const server = await startConsoleServer({
      engine,
      host: info.consoleHost,
      port: info.consolePort,
      token,
      staticDir: existsSync(join(staticDir, 'index.html')) ? staticDir : null,
      logger: stderrLogger,
      allowedHosts: () => engine.info().consoleAllowedHosts,
    });
    out(`console: ${server.url}`);
    return server;
  } catch (err) {
    out(`console: not available: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

async function runImport(
  engine: ReturnType<typeof createEngine>,
  source: ImportSource,
  out: (line: string) => void,
): Promise<void> {
  let station = engine.snapshot().services.codex.active;
  if (!station) {
    // A config.toml with no codex station (only `version` is required): import into a new,
    // active "main", as the starter config would have had (docs/behaviour.md §5.3).
    station = 'main';
    const made = await engine.command('addStation', {
      service: 'codex',
      station: { name: station },
    });
    const active = made.ok
      ? await engine.command('setActiveStation', { service: 'codex', station })
      : made;
    if (!active.ok) {
      out(
        `import ${source}: could not add a codex station "main" to import into: ${active.error.message}`,
      );
      return;
    }
  }
  const r = await engine.command('importApply', { source, service: 'codex', station });
  if (!r.ok) {
    out(`import ${source}: ${r.error.message}`);
    return;
  }
  out(
    `import ${source}: imported ${r.value.imported.length} into "${station}"${r.value.imported.length ? `: ${r.value.imported.join(', ')}` : ''}`,
  );
  for (const s of r.value.skipped) out(`import ${source}: skipped ${s.id}: ${s.reason}`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `codex-helper-desktop: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
