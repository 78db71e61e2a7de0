// Optim's tests run ops for real, on the CPU backend, with autograd installed.
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import '@torchts/autograd';

registerBackend(cpuBackend);
