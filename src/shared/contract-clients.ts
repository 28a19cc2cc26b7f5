// The contract's client results (docs/behaviour.md §5): the switch preview and the importers'
// candidates. Part of contract.ts, which re-exports it: import it from there.
import type { ClientName } from './snapshot';
import type { UpstreamInput } from './contract-edits';

export interface SwitchPreview {
  client: ClientName;
  file: string;
  /** Unified diff of the change switching on would make (empty when nothing changes). */
  diff: string;
  /** Whether switching on is possible now, and why not. */
  allowed: boolean;
  reason: string | null;
}

export type ImportSource = 'codex' | 'codex-helper';

export interface ImportCandidate {
  /** Stable id for importApply (`{provider_id}/{endpoint_id}`). */
  id: string;
  upstream: UpstreamInput;
  /** Set when an equal upstream already exists in the target station: it will be skipped. */
  duplicateOf: string | null;
  /** Where it came from, e.g. `[model_providers.right]`. */
  origin: string;
}

export interface ImportPreview {
  source: ImportSource;
  file: string;
  candidates: ImportCandidate[];
  warnings: string[];
}

export interface ImportResult {
  imported: string[];
  skipped: { id: string; reason: string }[];
  version: number;
}
