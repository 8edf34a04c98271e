export {
  PASSWORD_MIN,
  loginSchema,
  signupSchema,
  type LoginInput,
  type SignupInput,
} from './schemas.ts';
export { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
export {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  clearSessionCookie,
  generateSessionToken,
  hashSessionToken,
  isWellFormedToken,
  nextIdleExpiry,
  sessionCookieName,
  sessionCookieOptions,
  sessionExpiry,
  setSessionCookie,
  shouldTouch,
} from './session.ts';
export {
  BAD_CREDENTIALS,
  EMAIL_TAKEN,
  endSession,
  logIn,
  resolveSession,
  signUp,
  startSession,
  toSessionUser,
  type SessionLifetimes,
  type SessionUser,
} from './service.ts';
export { safeNext } from './next.ts';
export {
  attemptLogin,
  checkSignupLimit,
  establishSession,
  sessionLifetimes,
  type LoginAttempt,
} from './login.ts';
export {
  principalKey,
  type GuestPrincipal,
  type Principal,
  type UserPrincipal,
} from './principal.ts';
export {
  API_TOKEN_PREFIX,
  createApiTokenSchema,
  createPersonalToken,
  listPersonalTokens,
  resolveApiToken,
  revokePersonalToken,
} from './api-tokens.ts';
