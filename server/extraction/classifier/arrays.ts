/**
 * Element access for index loops under `noUncheckedIndexedAccess`: `values[i]` is typed
 * `T | undefined` even when the loop bounds keep `i` in range. Reading past the end is a bug in
 * the caller (a model of one size fed a vector of another), so these throw instead of letting
 * `undefined` turn into NaN weights.
 *
 * One function per typed-array kind on purpose: V8 keeps type feedback per function, not per
 * call site, so a single generic `at` read from Float32Array, Float64Array and Int32Array alike
 * becomes a megamorphic load inside the hot loops (BANKING77 training ran about four times
 * slower with it). Each of these sees one kind, stays monomorphic, inlines, and the undefined
 * check folds away.
 */
export function at<T>(values: ArrayLike<T>, index: number): T {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

export function float64At(values: Float64Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

export function float32At(values: Float32Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

export function int32At(values: Int32Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

/**
 * Throws unless `values[start]` .. `values[start + length - 1]` all exist. The innermost loops
 * (one step per class or hidden unit, millions per training epoch) check their span once with
 * this and then read `values[start + j] ?? 0`, where the fallback can never apply: even an
 * inlined helper per element cost 20-40% of the scoring and training time.
 */
export function assertSpan(values: ArrayLike<unknown>, start: number, length: number): void {
  if (!(start >= 0 && start + length <= values.length)) throw outOfRange(start + length - 1, values.length);
}

function outOfRange(index: number, length: number): RangeError {
  return new RangeError(`index ${index} outside 0..${length - 1}`);
}
