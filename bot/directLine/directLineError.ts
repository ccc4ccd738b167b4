import { AppError } from '../../services/errors.ts';

/** Error codes in the shape Azure Direct Line answers with: `{ "error": { "code", "message" } }`. */
export type DirectLineErrorCode = 'BadArgument' | 'TokenInvalid' | 'Forbidden' | 'NotFound' | 'BotError' | 'BotTimeout';

const statusOf: Record<DirectLineErrorCode, number> = {
  BadArgument: 400,
  TokenInvalid: 403,
  Forbidden: 403,
  NotFound: 404,
  BotError: 502,
  BotTimeout: 504,
};

/**
 * A request the local Direct Line refuses, with the HTTP status DirectLineJS expects: 403 makes it refresh or
 * report an expired token, 404 ends the conversation, 5xx makes it retry. Thrown by route handlers and turned
 * into a JSON answer in one place (routeHandler.ts).
 */
export class DirectLineError extends AppError {
  readonly status: number;

  constructor(
    readonly code: DirectLineErrorCode,
    message: string,
  ) {
    super(message);
    this.status = statusOf[code];
  }

  override get name(): string {
    return 'DirectLineError';
  }

  toJSON(): { error: { code: DirectLineErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
