// cuDNN, loaded at run time with dlopen (libcudnn.so.9, then .8), as cuBLAS is: the addon has no
// build-time dependency on it. When it loads, conv2d and its two gradients run through cuDNN's
// convolutions (what PyTorch uses); otherwise, or for a configuration cuDNN refuses, through the
// addon's own implicit-GEMM kernels (kernels/conv2d.cu).
#pragma once

#include <string>

#include "common.h"
#include "device.h"

namespace tts {

struct Conv2dParams;

namespace cudnn {

// Which convolution a call computes.
enum class ConvKind { kForward, kBackwardData, kBackwardFilter };

// The tensors of one convolution, all contiguous NCHW / OIHW (the fused kernels' contract):
// x = input [N, C, H, W], w = weight [O, C/g, kH, kW], y = output [N, O, oH, oW], bias [O] or null.
// kForward writes y (plus bias); kBackwardData writes x from y (= grad) and w; kBackwardFilter
// writes w from x and y (= grad).
struct ConvTensors {
  const View* x;
  const View* w;
  const View* y;
  const View* bias;
};

// Runs the convolution through cuDNN and returns true, or returns false (nothing enqueued) when
// cuDNN is not loaded, disabled, does not support this configuration, or is not the faster or
// more exact choice (float16/bfloat16, small forward convolutions): the caller then runs its own
// kernels. Errors of an enqueued cuDNN call are thrown as tts::Error.
bool convolution(DeviceContext& ctx, ConvKind kind, const ConvTensors& t, const Conv2dParams& p);

// "cuDNN <version> (<path>)", or "builtin implicit-GEMM kernels (<why cuDNN is not used>)".
std::string describe();

// Whether conv2d may use cuDNN (tests switch to the builtin kernels and back).
void setEnabled(bool enabled);

// Whether float32 convolutions may use TF32 tensor cores (torch.backends.cudnn.allow_tf32;
// off by default here: float32 is computed in full precision unless asked).
void setAllowTf32(bool allow);

// torch.backends.cudnn.benchmark: time every algorithm the first time a configuration is seen and
// keep the fastest (off by default, as in PyTorch: cuDNN's heuristics choose).
void setBenchmark(bool on);

}  // namespace cudnn
}  // namespace tts
