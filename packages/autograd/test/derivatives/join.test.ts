import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the join ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('join');
