export { LlmError, parseRetryAfter, type LlmErrorKind } from './errors.ts';
export {
  ChatClient,
  defaultChatClientOptions,
  withDefaults,
  type ChatClientOptions,
  type ChatMessage,
  type ChatRequest,
} from './chat.ts';
export {
  CircuitBreaker,
  defaultCircuitBreakerOptions,
  type BreakerClock,
  type CircuitBreakerOptions,
  type CircuitState,
} from './circuit-breaker.ts';
export {
  JsonChatClient,
  defaultJsonChatOptions,
  stripFences,
  type JsonChatOptions,
} from './json-chat.ts';
