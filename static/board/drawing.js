// A child's drawing as numbers: strokes of points in a square `size` units a side, as
// the server keeps them (board/practice.py's drawing limits). Plain functions
// (tests/js/drawing.test.js); views/child_voice.js draws and records with them.

/** The SVG `points` of a stroke: its flat [x, y, x, y, ...] list in pairs. */
export function strokePoints(points) {
  const pairs = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push(`${points[i]},${points[i + 1]}`);
  return pairs.join(" ");
}

/** Where a pointer is on the pad, in the drawing's units, kept inside the square. */
export function padPoint(clientX, clientY, box, size) {
  const x = Math.round(((clientX - box.left) / box.width) * size);
  const y = Math.round(((clientY - box.top) / box.height) * size);
  return [Math.max(0, Math.min(size, x)), Math.max(0, Math.min(size, y))];
}

/** How many points the strokes hold. */
export function pointCount(strokes) {
  return strokes.reduce((n, s) => n + s.points.length / 2, 0);
}

/** A point is kept only when the finger has moved a little from the stroke's last
 *  point: fewer points, the same picture. */
export function movedEnough(points, x, y, least = 8) {
  const n = points.length;
  return Math.abs(x - points[n - 2]) + Math.abs(y - points[n - 1]) >= least;
}

/** No room for another stroke: as many strokes, or points, as a drawing may hold. */
export function padIsFull(strokes, { strokes: strokeLimit, points: pointLimit }) {
  return strokes.length >= strokeLimit || pointCount(strokes) >= pointLimit;
}
