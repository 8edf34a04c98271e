export {
  JsonChatClient,
  defaultJsonChatOptions,
  stripFences,
  type JsonChatOptions,
} from './json-chat.ts';
