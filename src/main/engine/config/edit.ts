// applyConfigEdit: one surgical edit on the original text (docs/behaviour.md §1 "Saving").
import type { ConfigEdit } from '../types';
import { scanUpstreamBlocks } from './block-scan';
import { applyBlockEdit, moveBlocks } from './edit-blocks';
import { deleteKey, setKey } from './edit-keys';
import { parseDoc } from './toml-doc';
import { detectEol } from './toml-text';

export function applyConfigEdit(text: string, edit: ConfigEdit): string {
  // Block edits assume every line ends with a newline; a file without a final newline keeps
  // that shape afterwards.
  const eol = detectEol(text);
  const padded = text !== '' && !text.endsWith('\n');
  const full = padded ? text + eol : text;
  let out: string;
  const scanned =
    edit.kind === 'moveUpstream' ? scanUpstreamBlocks(full, edit.service, edit.station) : null;
  if (edit.kind === 'moveUpstream' && scanned !== null) {
    // A plain file: the blocks are found by a line scan (linear, no full parse).
    out = moveBlocks(full, scanned, edit);
    return padded && out.endsWith(eol) ? out.slice(0, -eol.length) : out;
  }
  const doc = parseDoc(full);
  if (edit.kind === 'set') out = setKey(doc, edit.path, edit.value);
  else if (edit.kind === 'delete') out = deleteKey(doc, edit.path);
  else out = applyBlockEdit(doc, edit);
  return padded && out.endsWith(eol) ? out.slice(0, -eol.length) : out;
}
