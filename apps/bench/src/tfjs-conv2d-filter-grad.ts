/**
 * The conv2d weight-gradient kernel (`Conv2DBackpropFilter`) that `@tensorflow/tfjs-backend-wasm`
 * 4.22 lacks, so that a convnet can train on TF.js WASM at all. It lowers the gradient to one
 * matrix product on the backend's own (XNNPACK) `BatchMatMul`:
 *
 *   dW[kh, kw, ci, co] = sum over (n, oh, ow) of x[n, oh*s + kh*d - pad, ow*s + kw*d - pad, ci] * dy[n, oh, ow, co]
 *
 * i.e. `dW = colsT @ dy` with `colsT` the `[kh*kw*ci, n*oh*ow]` transposed im2col of `x`, built
 * in JS straight into the WASM heap. NHWC only (what `tf.conv2d` uses by default).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;

function conv2dBackpropFilter({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): Info {
  const wasm = backend as BackendWasm;
  const x = inputs['x']!, dy = inputs['dy']!;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (bench kernel): only NHWC is supported, got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const { batchSize: nb, inHeight: ih, inWidth: iw, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top, left = info.padInfo.left;
  const k = kh * kw * ci, m = nb * oh * ow;

  // Allocate first: growing the WASM memory detaches earlier views of the heap.
  const cols = wasm.makeOutput([1, k, m], 'float32');
  const colsT = wasm.typedArrayFromHeap(cols) as Float32Array;
  const xs = wasm.typedArrayFromHeap(x) as Float32Array;
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      for (let c = 0; c < ci; c++) {
        let dst = ((a * kw + b) * ci + c) * m;
        for (let n = 0; n < nb; n++) {
          for (let y = 0; y < oh; y++) {
            const yy = y * sh + a * dh - top;
            if (yy < 0 || yy >= ih) {
              colsT.fill(0, dst, dst + ow);
              dst += ow;
              continue;
            }
            const row = (n * ih + yy) * iw;
            for (let z = 0; z < ow; z++) {
              const xx = z * sw + b * dw - left;
              colsT[dst++] = xx >= 0 && xx < iw ? xs[(row + xx) * ci + c]! : 0;
            }
          }
        }
      }
    }
  }
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const dy3: Info = { dataId: dy.dataId, shape: [1, m, co], dtype: 'float32' };
  const out = matMul({ inputs: { a: cols, b: dy3 }, backend: wasm, attrs: { transposeA: false, transposeB: false } }) as Info;
  wasm.disposeData(cols.dataId);
  // [1, k, co] is already [kh, kw, ci, co] in memory: relabel the shape.
  return { dataId: out.dataId, shape: [...filterShape], dtype: 'float32' };
}

/**
 * Registers the kernel for the `wasm` backend (once; later calls do nothing). Call before
 * training a convnet on TF.js WASM.
 *
 * @example
 * ```ts
 * registerWasmConv2dFilterGrad();
 * await tf.setBackend('wasm');
 * ```
 */
export function registerWasmConv2dFilterGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc });
}
