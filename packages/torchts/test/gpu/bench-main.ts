/** apps/bench's main for the GPU bundle (.gpu/bench/main.js), with the CUDA backend attached first. */
import './attach-cuda.js';
import '../../../../apps/bench/src/main.js';
