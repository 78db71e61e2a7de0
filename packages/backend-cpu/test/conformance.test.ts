// The shared backend conformance suite, run against the CPU backend.
import { runBackendConformance } from '@torchts/backend-testkit';
import { cpuBackend } from '../src/index.js';

runBackendConformance(cpuBackend);
