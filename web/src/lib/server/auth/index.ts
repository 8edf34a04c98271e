export {
  PASSWORD_MIN,
  loginSchema,
  signupSchema,
  type LoginInput,
  type SignupInput,
} from './schemas.ts';
export { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
export {
  SESSION_COOKIE,
  clearSessionCookie,
  generateSessionToken,
  hashSessionToken,
  isWellFormedToken,
  sessionCookieOptions,
  sessionExpiry,
  setSessionCookie,
  shouldRenew,
} from './session.ts';
export { RateLimiter, loginLimitKey, loginLimiter, type RateLimitResult } from './rate-limit.ts';
export {
  BAD_CREDENTIALS,
  EMAIL_TAKEN,
  endSession,
  logIn,
  resolveSession,
  signUp,
  startSession,
  toSessionUser,
  type SessionUser,
} from './service.ts';
export { safeNext } from './next.ts';
export { requireApiUser } from './guard.ts';
export { attemptLogin, establishSession, type LoginAttempt } from './login.ts';
