// Autograd's tests run ops for real, on the CPU backend.
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';

registerBackend(cpuBackend);
