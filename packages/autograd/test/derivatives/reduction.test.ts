import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the reduction ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('reduction');
