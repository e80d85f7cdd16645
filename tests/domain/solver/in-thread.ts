// The reference path the worker tests compare against: the same solve on the calling thread,
// blocking it for the whole solve. The server itself only solves in-thread when no worker starts.
import { solveWith, type MipOptions, type MipResult } from '../../../server/src/domain/solver/highs';
import type { MipModel } from '../../../server/src/domain/solver/model';
import { solvePacked } from '../../../server/src/domain/solver/native';

/** runMip on the calling thread. */
export function runMipInThread(model: MipModel, options: MipOptions = {}): Promise<MipResult> {
  return solveWith(model, options, solvePacked);
}
