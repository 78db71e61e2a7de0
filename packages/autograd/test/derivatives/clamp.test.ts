import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the clamp ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('clamp');
