import { setTimeout as delay } from 'node:timers/promises';
import CircuitBreaker from 'opossum';
import type { Actor } from '../audit/auditLog.ts';
import { DependencyError, UserFacingError } from '../errors.ts';
import { silentLogger } from '../log/logger.ts';
import type { Logger } from '../log/logger.ts';
import type { AccountRef, Accounts, ActionResult, IdentityClaim } from './accounts.ts';
import type { RegistrationStatus, StaffSummary, Verification } from './accounts.ts';
import { accountOperations as ops, accountRefusals, errorBodySchema, identityClaimSchema, lookupRequest } from './accountSchemas.ts';
import type { AccountOperation } from './accountSchemas.ts';

/** Tuning of the circuit breaker (opossum); defaults in brackets. */
export interface BreakerOptions {
  /** How long the circuit stays open before one trial call is let through [10 000 ms]. */
  resetTimeoutMs?: number;
  /** Failure percentage within the rolling window that opens the circuit [50]. */
  errorThresholdPercentage?: number;
  /** Calls within the window before the percentage counts [5]. */
  volumeThreshold?: number;
  /** The rolling window [10 000 ms]. */
  rollingWindowMs?: number;
}

/** How to reach the account service (ACCOUNT_SERVICE_URL, ACCOUNT_SERVICE_TOKEN); defaults in brackets. */
export interface HttpAccountsOptions {
  baseUrl: string;
  token: string;
  /** One attempt [2 000 ms]. */
  timeoutMs?: number;
  /** A whole call, retries included: the bot must be able to answer within 3 s [2 500 ms]. */
  deadlineMs?: number;
  /** Further attempts of an idempotent call after a 502/503/504, a timeout or an unreachable service [2]. */
  retries?: number;
  /** First backoff; doubled per retry, with jitter [100 ms]. */
  backoffMs?: number;
  breaker?: BreakerOptions;
  logger?: Logger;
}

/** A retry is only worth starting with at least this much of the deadline left. */
const MIN_ATTEMPT_MS = 200;
/** Answers are untrusted input: a larger one is refused before it is parsed. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * The accounts port over HTTP. Reads and verify are retried with exponential backoff and jitter; actions that send
 * mail or change state never are (a lost answer must not mail twice). Every attempt passes one circuit breaker, so a
 * service that is down answers DependencyError('accounts') at once instead of after a timeout. Bodies are never logged.
 */
export class HttpAccounts implements Accounts {
  /** Exposed for readiness reports and tests (events `open`, `halfOpen`, `close`). */
  readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly logger: Logger;

  constructor(private readonly options: HttpAccountsOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.deadlineMs = options.deadlineMs ?? 2500;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 100;
    this.logger = (options.logger ?? silentLogger).child({ dependency: 'accounts' });
    const tuning = options.breaker ?? {};
    this.breaker = new CircuitBreaker((attempt: () => Promise<unknown>) => attempt(), {
      name: 'accounts',
      timeout: false, // each attempt carries its own AbortSignal.timeout
      resetTimeout: tuning.resetTimeoutMs ?? 10_000,
      errorThresholdPercentage: tuning.errorThresholdPercentage ?? 50,
      volumeThreshold: tuning.volumeThreshold ?? 5,
      rollingCountTimeout: tuning.rollingWindowMs ?? 10_000,
      enableSnapshots: false,
      // The service answered and refused (400, 401, 422): it is up, so the circuit does not count it.
      errorFilter: (error: unknown) => error instanceof AttemptError && !error.serviceFault,
    });
    this.breaker.on('open', () => this.logger.warn('account service circuit opened'));
    this.breaker.on('halfOpen', () => this.logger.info('account service circuit half-open'));
    this.breaker.on('close', () => this.logger.info('account service circuit closed'));
  }

  async verifyIdentity(claim: IdentityClaim, actor: Actor): Promise<Verification> {
    // A claim the API would refuse (control characters, over-long) cannot match a registered account.
    if (!identityClaimSchema.safeParse(claim).success) return { verified: false };
    return await this.call(ops.verifyIdentity, { claim, actor });
  }
  async registrationStatus(account: AccountRef, actor: Actor): Promise<RegistrationStatus> {
    return await this.call(ops.registrationStatus, { account, actor });
  }
  async resendEmailConfirmation(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.call(ops.resendEmailConfirmation, { account, actor });
  }
  async sendSecondPasswordReset(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.call(ops.sendSecondPasswordReset, { account, actor });
  }
  async reissueAuthKey(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.call(ops.reissueAuthKey, { account, actor });
  }
  async unlock(account: AccountRef, actor: Actor): Promise<ActionResult> {
    return await this.call(ops.unlock, { account, actor });
  }
  async setTwoFactor(account: AccountRef, enabled: boolean, actor: Actor): Promise<ActionResult> {
    return await this.call(ops.setTwoFactor, { account, enabled, actor });
  }
  async lookup(tenant: string, loginIdOrEmail: string, actor: Actor): Promise<AccountRef | undefined> {
    if (!lookupRequest.shape.loginIdOrEmail.safeParse(loginIdOrEmail).success) return undefined;
    return (await this.call(ops.lookup, { tenant, loginIdOrEmail, actor })).account ?? undefined;
  }
  async staffSummary(account: AccountRef, actor: Actor): Promise<StaffSummary> {
    return await this.call(ops.staffSummary, { account, actor });
  }
  async ping(): Promise<void> {
    await this.call(ops.ping, undefined);
  }

  /** Stops the breaker's timers; calls afterwards fail with DependencyError. */
  close(): void {
    this.breaker.shutdown();
  }

  private async call<Res>(operation: AccountOperation<Res>, body: unknown): Promise<Res> {
    const deadline = Date.now() + this.deadlineMs;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = { url: this.baseUrl + operation.path, token: this.options.token, operation, body: payload };
    for (let retry = 0; ; retry += 1) {
      try {
        const timeoutMs = Math.min(this.timeoutMs, deadline - Date.now());
        // The attempt validated the answer already; parsing again only restores its static type.
        return operation.response.parse(await this.breaker.fire(() => sendAttempt({ ...request, timeoutMs })));
      } catch (error) {
        const wait = this.backoffMs * 2 ** retry * (0.5 + Math.random() / 2);
        const retryable = operation.idempotent && error instanceof AttemptError && error.retryable;
        const worthIt = retry < this.retries && this.breaker.closed && Date.now() + wait + MIN_ATTEMPT_MS <= deadline;
        const failure = translate(error, operation.path);
        const fields = { attempt: retry + 1, error: failure.message };
        if (error instanceof AttemptError) this.logger[error.serviceFault ? 'warn' : 'debug']('account service call failed', fields);
        if (!retryable || !worthIt) throw failure;
        await delay(wait);
      }
    }
  }
}

function translate(error: unknown, route: string): Error {
  if (error instanceof AttemptError) {
    if (error.refusal) return error.refusal;
    return new DependencyError('accounts', `${route}: ${error.message}`, { cause: error });
  }
  if (error instanceof Error && 'code' in error && error.code === 'EOPENBREAKER') {
    return new DependencyError('accounts', `${route}: circuit open, the account service is failing`, { cause: error });
  }
  return new DependencyError('accounts', `${route}: call failed`, { cause: error });
}

/** One attempt's failure: whether a retry may help, and whether it says the service is failing (for the breaker). */
class AttemptError extends Error {
  readonly retryable: boolean;
  readonly serviceFault: boolean;
  /** The port's own error, rethrown as the implementation threw it (UserFacingError, ForbiddenError...). */
  readonly refusal?: Error;
  constructor(message: string, how: { retryable: boolean; serviceFault: boolean; refusal?: Error; cause?: unknown }) {
    super(message, { cause: how.cause });
    this.retryable = how.retryable;
    this.serviceFault = how.serviceFault;
    this.refusal = how.refusal;
  }
  override get name(): string {
    return 'AttemptError';
  }
}

interface Attempt {
  url: string;
  token: string;
  operation: AccountOperation<unknown>;
  body: string | undefined;
  timeoutMs: number;
}

async function sendAttempt({ url, token, operation, body, timeoutMs }: Attempt): Promise<unknown> {
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  let json: unknown;
  // Redirects are not followed ('manual' hands back the 3xx): the token goes to the configured service only.
  try {
    response = await fetch(url, { method: operation.method, headers, body, signal, redirect: 'manual' });
    json = await readJson(response);
  } catch (error) {
    if (error instanceof AttemptError) throw error;
    const message = signal.aborted ? `no answer within ${timeoutMs} ms` : 'service unreachable';
    throw new AttemptError(message, { retryable: true, serviceFault: true, cause: error });
  }
  if (response.ok) {
    const answer = operation.response.safeParse(json);
    if (answer.success) return answer.data;
    throw new AttemptError('malformed answer', { retryable: false, serviceFault: true, cause: answer.error });
  }
  const detail = errorBodySchema.safeParse(json).data?.error;
  const message = `HTTP ${response.status} ${detail?.code ?? ''}${detail?.field ? ` (${detail.field})` : ''}`.trim();
  const known = accountRefusals.find((refusal) => refusal.status === response.status && refusal.code === detail?.code);
  const refusal = known ? new known.error(known.message) : response.status === 422 && detail?.key ? new UserFacingError(detail.key) : undefined;
  if (refusal) throw new AttemptError(message, { retryable: false, serviceFault: false, refusal });
  const unavailable = [502, 503, 504].includes(response.status);
  const refused = response.status >= 400 && response.status < 500 && response.status !== 429;
  throw new AttemptError(message, { retryable: unavailable, serviceFault: !refused });
}

/** Reads at most MAX_RESPONSE_BYTES; a body that is empty or not JSON reads as undefined. */
async function readJson(response: Response): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      throw new AttemptError('answer too large', { retryable: false, serviceFault: true });
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
