/** @internal torchvision's `_setup_size`: an int or 1-2 ints -> `[h, w]`. */
export function setupSize(size: number | readonly number[], errorMsg = 'Please provide only two dimensions (h, w) for size.'): [number, number] {
  if (typeof size === 'number') return [size, size];
  if (size.length === 1) return [size[0]!, size[0]!];
  if (size.length !== 2) throw new RangeError(errorMsg);
  return [size[0]!, size[1]!];
}
