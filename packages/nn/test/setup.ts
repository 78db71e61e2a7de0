// nn's tests run for real: the CPU backend, and autograd recording (Parameters require grad).
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import '@torchts/autograd';

registerBackend(cpuBackend);
