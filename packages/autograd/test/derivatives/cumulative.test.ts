import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the cumulative ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('cumulative');
