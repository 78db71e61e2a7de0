/**
 * The dtypes the suite walks through, in the order tests are listed.
 * @module
 */
import { dtypes, type DType } from '@torchts/core';

const { float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool } = dtypes;

/** Every dtype of the contract. */
export const allDtypes: readonly DType[] = [float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool];
/** float32, float64, float16, bfloat16. */
export const floatDtypes: readonly DType[] = [float32, float64, float16, bfloat16];
/** The integer dtypes (not bool). */
export const intDtypes: readonly DType[] = [int64, int32, int16, int8, uint8];
/** Floats and integers: every dtype but bool. */
export const numericDtypes: readonly DType[] = [...floatDtypes, ...intDtypes];
/** Integers and bool: the dtypes of bitwise ops. */
export const integralDtypes: readonly DType[] = [...intDtypes, bool];
