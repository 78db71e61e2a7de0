// Imported first in every DataLoader worker of the tests: registers ts-hooks.mjs.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
