export {
  chatHistory,
  chatPostSchema,
  defaultChatOptions,
  parseChatPost,
  postChatMessage,
  toChatMessage,
  type ChatOptions,
  type ChatPostInput,
} from './service.ts';
