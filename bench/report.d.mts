export interface SseResult {
  ttfbMs: number;
  /** To the first event that is not an opening one (what a user waits for). */
  contentMs: number;
  gapMs: number;
  totalMs: number;
  /** Each interleaved round's medians (absent in reports written before they were kept). */
  rounds?: { ttfbMs: number; contentMs: number }[];
}

export interface MemoryResult {
  idleMb: number;
  loadedMb: number;
  /** Streams that had their first event when the RSS was read. */
  opened: number;
  count: number;
}

/** One target on one API: medians of the interleaved runs (CPU in µs per request or stream). */
export interface TargetResult {
  c1Rps: number;
  c1CpuUs: number;
  c32Rps: number;
  c32CpuUs: number;
  sse32Rps: number;
  sse32CpuUs: number;
  sse: SseResult;
  idlePercent: number;
  memory: MemoryResult | null;
}

export interface Derived extends TargetResult {
  c1AddedMs: number;
  c32PercentOfBare: number;
  sse32PercentOfBare: number;
  c32CpuRatio: number;
  sse32CpuRatio: number;
  ttfbAddedMs: number;
  contentAddedMs: number;
  opensWithHeldEvents: boolean;
  perEventAddedMs: number;
  memoryAddedMb: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean;
  /** Missed on purpose: why (another rule of the product wins). */
  byDesign?: string;
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

export interface Run {
  rps: number;
  cpuUs: number;
}

export type ColumnKey = 'direct' | 'bare' | 'nginx' | 'proxy' | 'ccflare' | 'ccr';

export const COLUMNS: readonly { key: ColumnKey; title: string }[];
export const TARGETS: {
  cpuRatioToBare: number;
  c1AddedOverBareMs: number;
  c32PercentOfBare: number;
  ttfbOverBareMs: number;
  perEventAddedMs: number;
  memoryAddedMb: number;
};
export function median(values: readonly number[]): number;
export function addedMsPerRequest(rps: number, directRps: number): number;
export function derive(r: TargetResult, direct: TargetResult, bare?: TargetResult): Derived;
export function checkTargets(d: Derived, bare: Derived): TargetCheck[];
export function renderTable(
  results: Partial<Record<ColumnKey, TargetResult>> & { direct: TargetResult },
): string;
export function renderRuns(runsOfMode: Record<string, readonly Run[]>): string;
export function renderTargets(checks: readonly TargetCheck[]): string;
export function summarizeProfile(profile: CpuProfile, top?: number): ProfileRow[];
export function renderProfile(rows: readonly ProfileRow[]): string;
export interface InclusiveRow {
  fn: string;
  where: string;
  usPerRequest: number;
  percent: number;
}
export function inclusiveEngineProfile(
  profile: CpuProfile & { nodes: { children?: number[] }[] },
  requests: number,
  top?: number,
): InclusiveRow[];
export function renderInclusive(rows: readonly InclusiveRow[]): string;
