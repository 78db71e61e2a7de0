/** The blitz chapters, by the name `pnpm blitz <name>` takes. */
import { autogradChapter } from './autograd.js';
import { tensorsChapter } from './tensors.js';

export const chapters: Record<string, () => void | Promise<void>> = {
  tensors: tensorsChapter,
  autograd: autogradChapter,
};
