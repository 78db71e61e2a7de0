import '../setup.js';
import { describeFamily } from './harness.js';

// Gradients of the views ops against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('views');
