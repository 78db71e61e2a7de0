/**
 * Imported first by the GPU bundles' entries: a bundle drops torchts's optional
 * import of @torchts/backend-cuda, so the backend is attached by hand before any test or
 * workload module asks torch.cuda whether it is available.
 */
import * as torch from 'torchts';
import * as cudaPackage from '@torchts/backend-cuda';

torch.cuda.attach(cudaPackage);
