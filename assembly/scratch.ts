// Per-instance scratch: the few vectors a kernel stages in memory (a tail element splatted, a group of rows
// transposed, a pair of boxes). Instances of the module that share one memory (the threaded build's workers) each need their
// own, so the block is reached through a global, which is per instance, and the host may move it.

/** pointwise.ts's tail: five inputs splatted, then a gradient and a loss vector. */
export const STAGE_BYTES: usize = 16 * 7;
/** cross_entropy_lanes.ts's class-major x, y and gradient of a gathered group (64 classes at most). */
export const TRANSPOSE_BYTES: usize = 16 * 64;
/** Where boxes.ts's pair of boxes (8 float64) and its gradients (8 more) start. */
export const BOX_AT: usize = STAGE_BYTES + 3 * TRANSPOSE_BYTES;

export let scratch: usize = memory.data(16 * 7 + 3 * 16 * 64 + 128, 16);

/** Bytes of one instance's scratch block. */
export function scratchBytes(): usize { return BOX_AT + 128; }

/** Points this instance's scratch at a block of scratchBytes() (16-byte aligned) that no other instance uses. */
export function setScratch(p: usize): void { scratch = p; }
