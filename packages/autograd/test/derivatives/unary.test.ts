import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the unary ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('unary');
