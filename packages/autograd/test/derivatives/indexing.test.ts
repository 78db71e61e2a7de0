import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the indexing ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('indexing');
