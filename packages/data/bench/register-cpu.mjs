// Registers the CPU backend (in the main thread and, as a worker setup module, in every
// DataLoader worker).
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';

registerBackend(cpuBackend);
