// Requests to user-given URLs (webhook endpoints, calendar feeds) with an SSRF guard.
export {
  addressAllowed,
  defaultOutboundPolicy,
  outboundEnvSchema,
  parseNetworks,
  type OutboundPolicy,
} from './policy.ts';
export {
  OutboundError,
  checkOutboundUrl,
  outboundRequest,
  parseOutboundUrl,
  type OutboundErrorCode,
  type OutboundRequest,
  type OutboundResponse,
} from './request.ts';
