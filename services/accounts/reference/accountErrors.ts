import { AppError } from '../../errors.ts';

/**
 * A staff-only read (`lookup`, `staffSummary`) asked by someone who is not staff. Actions answer
 * `{ ok: false, reason: 'forbidden' }` instead; reads have no result shape to carry a refusal.
 */
export class ForbiddenError extends AppError {
  override get name(): string {
    return 'ForbiddenError';
  }
}

/** An AccountRef that names no account of its tenant (refs come only from a verification, so it was removed since). */
export class UnknownAccountError extends AppError {
  override get name(): string {
    return 'UnknownAccountError';
  }
}
