/**
 * A copy of `list` with the item at `from` moved to `to` (both clamped into range), the same
 * rule the engine applies for `moveUpstream`, so the UI can preview a drop before it is sent.
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = list.slice();
  if (copy.length === 0 || from < 0 || from >= copy.length) return copy;
  const target = Math.max(0, Math.min(copy.length - 1, Math.trunc(to)));
  const [item] = copy.splice(from, 1);
  copy.splice(target, 0, item as T);
  return copy;
}
