// applyConfigEdit: one surgical edit on the original text (docs/behaviour.md §1 "Saving").
import type { ConfigEdit } from '../types';
import { applyBlockEdit } from './edit-blocks';
import { deleteKey, setKey } from './edit-keys';
import { parseDoc } from './toml-doc';
import { detectEol } from './toml-text';

export function applyConfigEdit(text: string, edit: ConfigEdit): string {
  // Block edits assume every line ends with a newline; a file without a final newline keeps
  // that shape afterwards.
  const eol = detectEol(text);
  const padded = text !== '' && !text.endsWith('\n');
  const doc = parseDoc(padded ? text + eol : text);
  let out: string;
  if (edit.kind === 'set') out = setKey(doc, edit.path, edit.value);
  else if (edit.kind === 'delete') out = deleteKey(doc, edit.path);
  else out = applyBlockEdit(doc, edit);
  return padded && out.endsWith(eol) ? out.slice(0, -eol.length) : out;
}
