/**
 * The error function and its complement in float64, after Sun's fdlibm (`s_erf.c`, the
 * algorithm glibc used for years): rational approximations on [0, 0.84375), [0.84375, 1.25),
 * [1.25, 1/0.35) and [1/0.35, 28), accurate to about one ulp. JavaScript has no `Math.erf`.
 * @module
 */

const ERX = 8.45062911510467529297e-01;
const EFX = 1.28379167095512586316e-01;
// Coefficients, highest degree first (Horner order).
const PP = [-2.37630166566501626084e-05, -5.77027029648944159157e-03, -2.84817495755985104766e-02,
  -3.25042107247001499370e-01, 1.28379167095512558561e-01];
const QQ = [-3.96022827877536812320e-06, 1.32494738004321644526e-04, 5.08130628187576562776e-03,
  6.50222499887672944485e-02, 3.97917223959155352819e-01, 1];
const PA = [-2.16637559486879084300e-03, 3.54783043256182359371e-02, -1.10894694282396677476e-01,
  3.18346619901161753674e-01, -3.72207876035701323847e-01, 4.14856118683748331666e-01,
  -2.36211856075265944077e-03];
const QA = [1.19844998467991074170e-02, 1.36370839120290507362e-02, 1.26171219808761642112e-01,
  7.18286544141962662868e-02, 5.40397917702171048937e-01, 1.06420880400844228286e-01, 1];
const RA = [-9.81432934416914548592e+00, -8.12874355063065934246e+01, -1.84605092906711035994e+02,
  -1.62396669462573470355e+02, -6.23753324503260060396e+01, -1.05586262253232909814e+01,
  -6.93858572707181764372e-01, -9.86494403484714822705e-03];
const SA = [-6.04244152148580987438e-02, 6.57024977031928170135e+00, 1.08635005541779435134e+02,
  4.29008140027567833386e+02, 6.45387271733267880336e+02, 4.34565877475229228821e+02,
  1.37657754143519042600e+02, 1.96512716674392571292e+01, 1];
const RB = [-4.83519191608651397019e+02, -1.02509513161107724954e+03, -6.37566443368389627722e+02,
  -1.60636384855821916062e+02, -1.77579549177547519889e+01, -7.99283237680523006574e-01,
  -9.86494292470009928597e-03];
const SB = [-2.24409524465858183362e+01, 4.74528541206955367215e+02, 2.55305040643316442583e+03,
  3.19985821950859553908e+03, 1.53672958608443695994e+03, 3.25792512996573918826e+02,
  3.03380607434824582924e+01, 1];

function poly(c: readonly number[], z: number): number {
  let r = c[0]!;
  for (let i = 1; i < c.length; i++) r = r * z + c[i]!;
  return r;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // index of the low word

/** exp(-x*x - 0.5625 + R/S) / x for x >= 1.25, splitting x*x to keep its rounding error out. */
function tail(ax: number): number {
  const s = 1 / (ax * ax);
  const rs = ax < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  f64[0] = ax;
  u32[LOW] = 0;
  const z = f64[0]!;
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + rs)) / ax;
}

/** The error function, `torch.erf`. */
export function erf(x: number): number {
  if (x !== x) return x;
  const ax = x < 0 ? -x : x;
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly(QQ, z));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const r = ERX + poly(PA, s) / poly(QA, s);
    return x < 0 ? -r : r;
  }
  if (ax >= 6) return x < 0 ? -1 : 1;
  const r = 1 - tail(ax);
  return x < 0 ? -r : r;
}

/** The complementary error function `1 - erf(x)`, accurate for large x (`torch.erfc`). */
export function erfc(x: number): number {
  if (x !== x) return x;
  const ax = x < 0 ? -x : x;
  if (ax < 0.84375) {
    if (ax < 1.3877787807814457e-17) return 1 - x;
    const z = x * x;
    const y = poly(PP, z) / poly(QQ, z);
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x * y + (x - 0.5));
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const pq = poly(PA, s) / poly(QA, s);
    return x >= 0 ? 1 - ERX - pq : 1 + (ERX + pq);
  }
  if (ax < 28) {
    if (x < 0 && ax > 6) return 2;
    const r = tail(ax);
    return x > 0 ? r : 2 - r;
  }
  return x > 0 ? 0 : 2;
}
