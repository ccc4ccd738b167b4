import { AppError } from '../errors.ts';

/**
 * A call refused because a rate limit was reached (DESIGN.md Conversation rules). Thrown where the call has no
 * result shape to carry a refusal (`verifyIdentity`); actions answer `{ ok: false, reason: 'budget_exhausted' }`.
 * It says nothing about any account: the limit counts attempts, whatever their result.
 */
export class RateLimitedError extends AppError {
  constructor(
    /** The earliest moment the same call may be tried again. */
    readonly retryAt: Date,
    message = `rate limited until ${retryAt.toISOString()}`,
  ) {
    super(message);
  }

  override get name(): string {
    return 'RateLimitedError';
  }
}
