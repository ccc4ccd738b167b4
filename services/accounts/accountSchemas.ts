import { z } from 'zod';
import type { Actor } from '../audit/auditLog.ts';
import type {
  AccountRef,
  ActionResult,
  IdentityClaim,
  MailDelivery,
  MailReceipt,
  RegistrationStatus,
  StaffSummary,
  Verification,
} from './accounts.ts';
import { ForbiddenError, UnknownAccountError } from './accounts.ts';

/**
 * The account service's JSON API in code: the zod schemas both sides validate with (the server its requests,
 * the client the server's answers) and the table of operations that services/accounts/openapi.yaml documents.
 * Requests are strict (unknown keys refused); responses strip unknown keys, so a newer service may add fields.
 */

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/**
 * A string the service may receive: full-width characters and padding spaces pass (normalising is the service's
 * job), control characters and unpaired surrogates do not, and neither do values past `max`.
 */
const text = (max: number) =>
  z.string().min(1).max(max).regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters');

const id = text(128);
const conversationId = text(512);
const timestamp = z.iso.datetime({ offset: true });

/** Who acts (services/audit/auditLog.ts `Actor`); strict, like every request schema. */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), conversationId }),
  z.strictObject({
    kind: z.literal('staff'),
    staffId: id,
    role: z.enum(['agent', 'supervisor']),
    conversationId: conversationId.optional(),
  }),
  z.strictObject({ kind: z.literal('system'), component: id }),
]) satisfies z.ZodType<Actor>;

const accountRefRequest = z.strictObject({ tenant: id, id }) satisfies z.ZodType<AccountRef>;

/** A user's claim before any account action; values arrive as typed (not yet normalised). */
export const identityClaimSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('student'), tenant: id, loginId: text(128), email: text(320) }),
  z.strictObject({
    kind: z.literal('graduate'),
    tenant: id,
    email: text(320),
    birthDate: text(32).optional(),
    studentId: text(128).optional(),
  }),
]) satisfies z.ZodType<IdentityClaim>;

/** Request bodies, one per argument list of the port. */
export const verifyIdentityRequest = z.strictObject({ claim: identityClaimSchema, actor: actorSchema });
export const accountRequest = z.strictObject({ account: accountRefRequest, actor: actorSchema });
export const twoFactorRequest = z.strictObject({ account: accountRefRequest, enabled: z.boolean(), actor: actorSchema });
export const lookupRequest = z.strictObject({ tenant: id, loginIdOrEmail: text(320), actor: actorSchema });

const accountRef: z.ZodType<AccountRef> = z.object({ tenant: id, id });

const mailReceipt: z.ZodType<MailReceipt> = z.object({ mailId: id, maskedTo: text(320), queuedAt: timestamp });

const mailDelivery: z.ZodType<MailDelivery> = z.object({
  mailId: id,
  kind: text(64),
  maskedTo: text(320),
  state: z.enum(['queued', 'sent', 'failed', 'bounced']),
  queuedAt: timestamp,
  sentAt: timestamp.optional(),
  detail: z.string().max(2000).optional(),
});

/** Answers: the port's result types, unknown keys stripped. */
export const verificationSchema: z.ZodType<Verification> = z.union([
  z.object({ verified: z.literal(true), account: accountRef, kind: z.enum(['student', 'graduate']) }),
  z.object({ verified: z.literal(false) }),
]);

export const actionResultSchema: z.ZodType<ActionResult> = z.union([
  z.object({ ok: z.literal(true), mail: mailReceipt.optional() }),
  z.object({ ok: z.literal(false), reason: z.literal('budget_exhausted'), retryAt: timestamp }),
  z.object({ ok: z.literal(false), reason: z.enum(['account_locked', 'not_applicable', 'forbidden']) }),
]);

const registrationStatusShape = {
  kind: z.enum(['student', 'graduate']),
  stage: z.enum(['not_registered', 'email_pending', 'email_confirmed', 'active']).optional(),
  secondPasswordSet: z.boolean(),
  twoFactor: z.boolean(),
  authKey: z.enum(['none', 'active', 'expired', 'invalidated']),
  application: z.enum(['pending', 'approved', 'rejected', 'resubmit']).optional(),
  selfServiceBlocked: z.boolean(),
  lastMail: mailDelivery.optional(),
};

export const registrationStatusSchema: z.ZodType<RegistrationStatus> = z.object(registrationStatusShape);

export const staffSummarySchema: z.ZodType<StaffSummary> = z.object({
  ...registrationStatusShape,
  account: accountRef,
  loginId: text(128).optional(),
  maskedEmail: text(320),
  keyFailures: z.number().int().nonnegative(),
  accountFailures: z.number().int().nonnegative(),
  recentMails: z.array(mailDelivery).max(100),
});

/** `lookup` answers `null` when nothing matches (JSON has no `undefined`). */
export const lookupResultSchema = z.object({ account: accountRef.nullable() });
export const healthSchema = z.object({ status: z.literal('ok') });

/**
 * The port's refusals (errors that mean "no", not "the service failed") and how they travel, so that the HTTP
 * client throws what the implementation threw. A UserFacingError travels as 422 with its locale `key`.
 */
export const accountRefusals = [
  { status: 403, code: 'Forbidden', message: 'this operation is for staff only', error: ForbiddenError },
  { status: 404, code: 'UnknownAccount', message: 'no such account', error: UnknownAccountError },
] as const;

/** Every error answer: 400 names the offending field; 422 carries a UserFacingError's locale key. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().max(64),
    message: z.string().max(1000),
    field: z.string().max(200).optional(),
    key: z.string().max(128).regex(/^[\w.:-]+$/).optional(),
  }),
});

const post = <Req extends z.ZodType, Res>(path: string, idempotent: boolean, request: Req, response: z.ZodType<Res>) =>
  ({ method: 'POST', path, idempotent, request, response }) as const;

/** One row per port method; `idempotent` operations (reads and verify) are the only ones the client retries. */
export const accountOperations = {
  verifyIdentity: post('/v1/verify-identity', true, verifyIdentityRequest, verificationSchema),
  registrationStatus: post('/v1/registration-status', true, accountRequest, registrationStatusSchema),
  resendEmailConfirmation: post('/v1/resend-email-confirmation', false, accountRequest, actionResultSchema),
  sendSecondPasswordReset: post('/v1/second-password-reset', false, accountRequest, actionResultSchema),
  reissueAuthKey: post('/v1/auth-key-reissue', false, accountRequest, actionResultSchema),
  unlock: post('/v1/unlock', false, accountRequest, actionResultSchema),
  setTwoFactor: post('/v1/two-factor', false, twoFactorRequest, actionResultSchema),
  lookup: post('/v1/lookup', true, lookupRequest, lookupResultSchema),
  staffSummary: post('/v1/staff-summary', true, accountRequest, staffSummarySchema),
  ping: { method: 'GET', path: '/v1/health', idempotent: true, request: undefined, response: healthSchema },
} as const satisfies Record<string, AccountOperation<unknown>>;

/** What a caller needs to know about one operation. */
export interface AccountOperation<Res> {
  method: 'GET' | 'POST';
  path: string;
  idempotent: boolean;
  request: z.ZodType | undefined;
  response: z.ZodType<Res>;
}

export type AccountOperationName = keyof typeof accountOperations;
