/**
 * @internal Small Float32Arrays carved out of shared 256 KB slabs. Allocating an
 * ArrayBuffer costs microseconds (an off-heap block the GC must track); per-image tensors
 * of a few KB are made by the tens of thousands per epoch, so they share slabs instead.
 * A slab is freed when the last array in it is.
 * @module
 */

const SLAB = 1 << 16; // floats
const MAX_POOLED = 1 << 14; // larger requests get their own buffer

let slab: Float32Array = new Float32Array(0);
let used = 0;

/** A zeroed Float32Array of `n` elements, possibly a view into a shared slab. */
export function allocFloat32(n: number): Float32Array {
  if (n > MAX_POOLED) return new Float32Array(n);
  if (used + n > slab.length) {
    slab = new Float32Array(SLAB);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  // keep views 16-byte aligned
  used += (n + 3) & ~3;
  return out;
}
