import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the softmax ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('softmax');
