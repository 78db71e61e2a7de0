/** The blitz chapters, by the name `pnpm blitz <name>` takes. */
import { autogradChapter } from './autograd.js';
import { classifierChapter } from './classifier.js';
import { nnChapter } from './nn.js';
import { parallelChapter } from './parallel.js';
import { tensorsChapter } from './tensors.js';

export const chapters: Record<string, () => void | Promise<void>> = {
  tensors: tensorsChapter,
  autograd: autogradChapter,
  nn: nnChapter,
  classifier: () => classifierChapter(),
  parallel: parallelChapter,
};
