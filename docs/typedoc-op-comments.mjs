// TypeDoc plugin (typedoc.json "plugin"): documents the elementwise ops that core generates from its
// `unaryOps` and `binaryOps` tables. `torch.exp`, `x.exp()` and `x.exp_()` are created in a loop over
// the table (DESIGN.md: one definition per op family, no hand-copied wrappers), so there is no
// declaration to put a comment on; this writes one per op from the table, for the `torch.*`
// functions and the Tensor methods, wherever a reflection has none.
import { existsSync } from 'node:fs';
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** What each op computes, elementwise, in a few words. */
const unaryText = {
  neg: '-x', abs: '|x|', sign: 'the sign of x: -1, 0 or 1 (0 for NaN)', square: 'x * x', relu: 'max(x, 0)',
  floor: 'the largest integer <= x', ceil: 'the smallest integer >= x', round: 'x rounded to the nearest integer, ties to even',
  trunc: 'x rounded toward zero', frac: 'x - trunc(x)', exp: 'e^x', expm1: 'e^x - 1, accurate near 0',
  log: 'the natural logarithm', log1p: 'ln(1 + x), accurate near 0', log2: 'the base-2 logarithm',
  log10: 'the base-10 logarithm', sqrt: 'the square root', rsqrt: '1 / sqrt(x)', reciprocal: '1 / x',
  sin: 'the sine', cos: 'the cosine', tan: 'the tangent', asin: 'the arcsine', acos: 'the arccosine',
  atan: 'the arctangent', sinh: 'the hyperbolic sine', cosh: 'the hyperbolic cosine', tanh: 'the hyperbolic tangent',
  asinh: 'the inverse hyperbolic sine', acosh: 'the inverse hyperbolic cosine', atanh: 'the inverse hyperbolic tangent',
  erf: 'the error function', erfc: 'the complementary error function, 1 - erf(x)', sigmoid: '1 / (1 + e^-x)',
  silu: 'x * sigmoid(x)', gelu: "x * Phi(x), Phi the standard normal CDF (PyTorch's exact, erf form)",
  isnan: 'whether x is NaN', isinf: 'whether x is +Infinity or -Infinity', isfinite: 'whether x is neither NaN nor infinite',
  logicalNot: 'whether x is zero (logical not)', bitwiseNot: 'the bitwise not, ~x (logical not for bool)',
};
const unaryKind = {
  float: 'Integer and bool inputs give the default float dtype.',
  same: 'The result keeps the input dtype.',
  predicate: 'The result is a bool tensor.',
  integral: 'Integer and bool inputs only.',
};
const binaryText = {
  add: 'input + alpha * other', sub: 'input - alpha * other', mul: 'input * other',
  div: "input / other; `roundingMode: 'trunc'` or `'floor'` rounds the quotient",
  remainder: "the remainder of input / other with the divisor's sign (Python's `%`)",
  fmod: "the remainder of input / other with the dividend's sign (C's `fmod`)", pow: 'input raised to the power other',
  maximum: 'the larger of input and other (NaN propagates)', minimum: 'the smaller of input and other (NaN propagates)',
  atan2: 'the angle of the point (other, input), atan(input / other) in the right quadrant',
  floorDivide: 'floor(input / other)', eq: 'input == other', ne: 'input != other', lt: 'input < other',
  le: 'input <= other', gt: 'input > other', ge: 'input >= other', logicalAnd: 'input && other (nonzero is true)',
  logicalOr: 'input || other (nonzero is true)', logicalXor: 'input xor other (nonzero is true)',
  bitwiseAnd: 'input & other', bitwiseOr: 'input | other', bitwiseXor: 'input ^ other',
};
const binaryKind = {
  arith: 'Broadcasts and promotes dtypes as PyTorch does.',
  'true-div': 'Broadcasts; integer inputs divide as floats.',
  compare: 'Broadcasts; the result is a bool tensor.',
  logical: 'Broadcasts; the result is a bool tensor.',
  bitwise: 'Broadcasts; integer and bool inputs only.',
};
const binaryOptions = { add: '{ alpha, out }', sub: '{ alpha, out }', div: '{ roundingMode, out }' };

const text = (t) => ({ kind: 'text', text: t });
const example = (lines) => new CommentTag('@example', [{ kind: 'code', text: '```ts\n' + lines.join('\n') + '\n```' }]);

/** Comments by reflection role: `fn` for `torch.<op>`, `method` for `x.<op>()`, `inplace` for `x.<op>_()`. */
function commentsFor(name, kind, isUnary) {
  const what = isUnary ? unaryText[name] : binaryText[name];
  const note = isUnary ? unaryKind[kind] : binaryKind[kind];
  if (!what || !note) return null;
  const opts = isUnary ? '{ out }' : binaryOptions[name] ?? '{ out }';
  const args = isUnary ? 'input' : 'input, other';
  const fn = new Comment(
    [text(`\`torch.${name}(${args}, ${opts})\`: ${what}, elementwise. ${note} `),
      text(`Also a method, \`x.${name}(${isUnary ? '' : 'other'})\`, and in place, \`x.${name}_(${isUnary ? '' : 'other'})\`. `),
      text(`Computed by the backend's \`${isUnary ? 'unary' : 'binary'}\` kernel (see the op coverage page).`)],
    [example(isUnary
      ? [`torch.${name}(x);`, `x.${name}();`, `torch.${name}(x, { out: y });`]
      : [`torch.${name}(a, b);`, `a.${name}(b);`, `a.${name}(2);             // a scalar operand`, `torch.${name}(a, b, { out: c });`])],
  );
  const method = new Comment([text(`\`x.${name}(${isUnary ? '' : 'other'})\`: ${what}, elementwise, as \`torch.${name}\`. ${note}`)]);
  const inplace = new Comment([text(`In-place \`${name}\`: \`x.${name}_(${isUnary ? '' : 'other'})\` writes the result into \`x\` and returns \`x\`. `),
    text('The result must keep x\'s dtype and shape (PyTorch\'s in-place rules).')]);
  return { fn, method, inplace };
}

/** @param {import('typedoc').Application} app */
export async function load(app) {
  const core = new URL('../packages/core/dist/index.js', import.meta.url);
  if (!existsSync(core)) {
    app.logger.warn('typedoc-op-comments: packages/core is not built; elementwise ops stay undocumented');
    return;
  }
  const { unaryOps, binaryOps } = await import(core.href);
  const comments = new Map();
  for (const [name, spec] of Object.entries(unaryOps)) comments.set(name, commentsFor(name, spec.kind, true));
  for (const [name, spec] of Object.entries(binaryOps)) comments.set(name, commentsFor(name, spec.kind, false));
  for (const [name, c] of comments) if (!c) app.logger.warn(`typedoc-op-comments: no description for op '${name}'`);

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const r of Object.values(context.project.reflections)) {
      if (r.comment || r.signatures?.some((s) => s.comment)) continue;
      if (r.kindOf(ReflectionKind.Variable) && r.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) {
        const c = comments.get(r.name);
        if (c) r.comment = c.fn.clone();
      } else if (r.kindOf(ReflectionKind.Property) && (r.parent?.name === 'Tensor' || r.parent?.name === 'Parameter')) {
        const inplace = r.name.endsWith('_');
        const c = comments.get(inplace ? r.name.slice(0, -1) : r.name);
        if (c) r.comment = (inplace ? c.inplace : c.method).clone();
      }
    }
  });
}
