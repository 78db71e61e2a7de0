// The data package's tests build tensors for real, on the CPU backend.
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';

registerBackend(cpuBackend);
