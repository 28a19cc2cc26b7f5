// Drag and drop for one upstream row: only the handle starts a drag (so the row's text can be
// selected), the row under the pointer shows where the upstream will land as a line above or
// below it, and a drop asks for the same move the buttons make.
import type React from 'react';
import type { StationSnapshot, UpstreamSnapshot } from '../../../../shared/snapshot';
import { useStore } from '../../store';

export function useRowDrag(
  station: StationSnapshot,
  u: UpstreamSnapshot,
  onMove: (u: UpstreamSnapshot, toIndex: number) => void,
) {
  const service = useStore((s) => s.service);
  const dragging = useStore((s) => s.drag?.id === u.id);
  const line = useStore((s) => {
    const d = s.drag;
    if (!d || d.overIndex !== u.index || d.fromIndex === u.index) return null;
    // Moving down lands after the row under the pointer, moving up lands before it.
    return d.fromIndex < u.index ? 'drop-after' : 'drop-before';
  });

  const classes: string[] = [];
  if (dragging) classes.push('dragging');
  if (line) classes.push(line);

  const handle = {
    draggable: true,
    'aria-hidden': true as const,
    onDragStart(e: React.DragEvent<HTMLElement>) {
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', u.id);
      const row = e.currentTarget.closest('li');
      if (row) e.dataTransfer.setDragImage(row, 16, 16);
      useStore.getState().setDrag({
        service,
        station: station.name,
        id: u.id,
        fromIndex: u.index,
        overIndex: null,
      });
    },
    onDragEnd: () => useStore.getState().setDrag(null),
  };

  const target = {
    onDragOver(e: React.DragEvent) {
      const drag = useStore.getState().drag;
      if (!drag || drag.station !== station.name || drag.service !== service) return;
      e.preventDefault();
      if (drag.overIndex !== u.index) useStore.getState().setDrag({ ...drag, overIndex: u.index });
    },
    onDrop(e: React.DragEvent) {
      e.preventDefault();
      const drag = useStore.getState().drag;
      useStore.getState().setDrag(null);
      if (!drag || drag.fromIndex === u.index) return;
      const moving = station.upstreams.find((x) => x.id === drag.id);
      if (moving) onMove(moving, u.index);
    },
  };

  return { classes, handle, target };
}
