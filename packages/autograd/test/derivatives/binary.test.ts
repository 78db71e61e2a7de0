import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the binary ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('binary');
