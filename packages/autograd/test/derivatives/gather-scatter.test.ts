import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the gather-scatter ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('gather-scatter');
