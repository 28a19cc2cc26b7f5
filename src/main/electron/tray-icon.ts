// Tray icons drawn in code (no image file to ship or lose): a dot in the health colour with a
// white mark, so health never rests on colour alone (docs/behaviour.md §8.3).
export type TrayHealth = 'ok' | 'degraded' | 'down';

const COLORS: Record<TrayHealth, [number, number, number]> = {
  ok: [46, 160, 67],
  degraded: [210, 153, 34],
  down: [207, 34, 46],
};

type Segment = [number, number, number, number];

/** Marks on a 16-unit grid: a check, an exclamation mark, a cross. */
const MARKS: Record<TrayHealth, Segment[]> = {
  ok: [
    [4.5, 8.5, 7, 11],
    [7, 11, 11.5, 5.5],
  ],
  degraded: [
    [8, 4, 8, 8.5],
    [8, 11.5, 8, 11.6],
  ],
  down: [
    [5.5, 5.5, 10.5, 10.5],
    [10.5, 5.5, 5.5, 10.5],
  ],
};

function distanceToSegment(x: number, y: number, [x1, y1, x2, y2]: Segment): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len2));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/** A size×size BGRA bitmap: the coloured dot, then the mark in white over it. */
export function trayIconBitmap(health: TrayHealth, size = 16): Buffer {
  const [r, g, b] = COLORS[health];
  const buf = Buffer.alloc(size * size * 4);
  const scale = size / 16;
  const c = (size - 1) / 2;
  const radius = size / 2 - 0.5;
  const stroke = 1.1 * scale;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // One pixel of linear falloff keeps the edges from looking jagged.
      const alpha = Math.max(0, Math.min(1, radius - Math.hypot(x - c, y - c) + 0.5));
      const d = Math.min(
        ...MARKS[health].map((s) => distanceToSegment(x / scale, y / scale, s) * scale),
      );
      const mark = Math.max(0, Math.min(1, stroke - d + 0.5));
      const i = (y * size + x) * 4;
      buf[i] = Math.round(b + (255 - b) * mark);
      buf[i + 1] = Math.round(g + (255 - g) * mark);
      buf[i + 2] = Math.round(r + (255 - r) * mark);
      buf[i + 3] = Math.round(alpha * 255);
    }
  }
  return buf;
}
