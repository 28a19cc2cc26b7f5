export interface SseResult {
  ttfbMs: number;
  gapMs: number;
  totalMs: number;
}

export interface MemoryResult {
  idleMb: number;
  loadedMb: number;
  /** Streams that had their first event when the RSS was read. */
  opened: number;
  count: number;
}

export interface TargetResult {
  c1Rps: number;
  c32Rps: number;
  sse: SseResult;
  memory: MemoryResult | null;
}

export interface Derived {
  c1Rps: number;
  c1AddedMs: number;
  c32Rps: number;
  c32Percent: number;
  ttfbMs: number;
  ttfbAddedMs: number;
  gapMs: number;
  perEventAddedMs: number;
  totalMs: number;
  memory: MemoryResult | null;
  memoryAddedMb: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
}

export interface ProfileRow {
  fn: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

export type ColumnKey = 'direct' | 'bare' | 'nginx' | 'proxy';

export const COLUMNS: readonly { key: ColumnKey; title: string }[];
export const TARGETS: {
  c1AddedMs: number;
  c32PercentOfDirect: number;
  ttfbAddedMs: number;
  perEventAddedMs: number;
  memoryAddedMb: number;
};
export function median(values: readonly number[]): number;
export function addedMsPerRequest(rps: number, directRps: number): number;
export function derive(r: TargetResult, direct: TargetResult): Derived;
export function checkTargets(d: Derived): TargetCheck[];
export function renderTable(
  results: Partial<Record<ColumnKey, TargetResult>> & { direct: TargetResult },
): string;
export function renderTargets(checks: readonly TargetCheck[]): string;
export function summarizeProfile(profile: CpuProfile, top?: number): ProfileRow[];
export function renderProfile(rows: readonly ProfileRow[]): string;
