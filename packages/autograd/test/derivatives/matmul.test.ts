import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the matmul ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('matmul');
