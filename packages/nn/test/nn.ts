// The package under test as one namespace (as users get it from the umbrella: `torch.nn`).
export * as nn from '@torchts/nn';
