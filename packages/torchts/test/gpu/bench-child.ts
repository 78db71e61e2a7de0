/** apps/bench's child process for the GPU bundle (.gpu/bench/child.js), with the CUDA backend attached first. */
import './attach-cuda.js';
import '../../../../apps/bench/src/child.js';
