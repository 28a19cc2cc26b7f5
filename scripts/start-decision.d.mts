export interface StartProbe {
  platform: string;
  /** Result of resolving the Electron binary in a child process. */
  electron: { ok: true; path: string } | { ok: false; reason: string };
  env: { DISPLAY?: string; WAYLAND_DISPLAY?: string };
  /** Path of xvfb-run when installed, else null. */
  xvfbRun: string | null;
  isRoot: boolean;
  /** out/ is missing or older than the sources. */
  buildStale: boolean;
  projectRoot: string;
  /** Arguments after `npm start --`. */
  args: string[];
}

export type StartPlan =
  | { kind: 'electron'; build: boolean; command: string; args: string[]; note: string | null }
  | { kind: 'headless'; reason: string; message: string };

export function decideStart(probe: StartProbe): StartPlan;
export function electronFailureReason(output: string): string;
