/**
 * The project's few error classes. Adapters translate backend failures into these at the edge;
 * the turn boundary (bot/turnErrorHandler.ts) decides what the user sees.
 */
export class AppError extends Error {
  override get name(): string {
    return 'AppError';
  }
}

/** An error the user may be told about, by locale key (never by message). */
export class UserFacingError extends AppError {
  constructor(
    readonly key: string,
    message = key,
  ) {
    super(message);
  }
  override get name(): string {
    return 'UserFacingError';
  }
}

/** A dependency (store, mail, account service) is down or misbehaving. */
export class DependencyError extends AppError {
  constructor(
    readonly dependency: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  override get name(): string {
    return 'DependencyError';
  }
}

/** A write lost an optimistic-concurrency race (stale eTag or version). */
export class ConflictError extends AppError {
  override get name(): string {
    return 'ConflictError';
  }
}

/** A unique index was violated; both store adapters map their own error to this one. */
export class DuplicateKeyError extends AppError {
  override get name(): string {
    return 'DuplicateKeyError';
  }
}
