/** The blitz chapters that exist so far, by the name `pnpm blitz <name>` takes. */
import { tensorsChapter } from './tensors.js';

export const chapters: Record<string, () => void | Promise<void>> = {
  tensors: tensorsChapter,
};
