/**
 * Chapter 1 of the blitz, "What is PyTorch?": tensors, operations, the TypedArray bridge
 * (PyTorch's NumPy bridge) and moving tensors between devices.
 */
import * as torch from 'torchts';

export function tensorsChapter(): void {
  // An uninitialised 5x3 matrix.
  const x = torch.empty(5, 3);
  console.log(x);

  // Random, zeros of dtype long, and from data.
  console.log(torch.rand(5, 3));
  console.log(torch.zeros(5, 3, { dtype: torch.long }));
  const tensor1 = torch.tensor([5.5, 3]);
  console.log(tensor1);

  // new_* keep the dtype and device unless told otherwise; *_like keep the shape.
  const tensor2 = tensor1.newOnes(5, 3, { dtype: torch.double });
  console.log(tensor2);
  const tensor3 = torch.randnLike(tensor2, { dtype: torch.float });
  console.log('tensor3: ', tensor3);
  console.log(tensor3.size());

  // Addition, four ways.
  const tensor4 = torch.rand(5, 3);
  console.log('tensor3 + tensor4= ', tensor3.add(tensor4));
  console.log('tensor3 + tensor4= ', torch.add(tensor3, tensor4));
  const result = torch.empty(5, 3);
  torch.add(tensor3, tensor4, { out: result });
  console.log('add result= ', result);
  tensor3.add_(tensor4);
  console.log('tensor3= ', tensor3);

  // Indexing like NumPy: the first column.
  console.log(tensor3.index(':', 0));

  // Reshaping with view.
  const y0 = torch.randn(4, 4);
  const y = y0.view(16);
  const z = y0.view(-1, 8);
  console.log(y0.size(), y.size(), z.size());

  // One element: item().
  const one = torch.randn(1);
  console.log(one);
  console.log(one.item());

  // Tensor -> TypedArray shares memory on the CPU (PyTorch's .numpy()).
  const a = torch.ones(5);
  console.log(a);
  const b = a.asTypedArray();
  console.log(b);
  a.add_(1);
  console.log(a);
  console.log(b);

  // TypedArray -> Tensor shares memory too (torch.from_numpy).
  const arr = new Float64Array(5).fill(1);
  const t = torch.fromTypedArray(arr);
  for (let i = 0; i < arr.length; i++) arr[i]! += 1;
  console.log(arr);
  console.log(t);

  // Moving tensors between devices: CUDA when present, else stay on the CPU.
  if (torch.cuda.isAvailable()) {
    const device = torch.device('cuda');
    const yc = torch.onesLike(x, { device });
    const xc = x.to(device);
    const zc = xc.add(yc);
    console.log(zc);
    console.log(zc.to('cpu', torch.double));
  } else {
    console.log(`CUDA is not available (${torch.cuda.unavailableReason()}): tensors stay on the CPU`);
  }
}
