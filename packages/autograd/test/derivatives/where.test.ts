import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the where ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('where');
