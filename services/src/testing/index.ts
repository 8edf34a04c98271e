// Local servers speaking the wire protocols of the services Parley calls (tests, benchmarks).
export {
  hashEmbedding,
  startFakeEmbeddings,
  type FakeEmbeddingsServer,
} from '../indexing/testing/fake-embeddings.ts';
export { indexMeetingSegments, memoryIndexing } from '../indexing/testing/memory-index.ts';
export {
  startFakePinecone,
  type FakePinecone,
  type FakePineconeRequest,
} from '../indexing/testing/fake-pinecone.ts';
export { describeVectorStore, type VectorStoreHarness } from '../indexing/testing/suite.ts';
export {
  chatPayload,
  startFakeChatServer,
  type ChatRequest as FakeChatRequest,
  type FakeChatMode,
  type FakeChatServer,
} from '../llm/testing/fake-chat-server.ts';
export {
  startWebhookReceiver,
  type ReceivedWebhook,
  type ReceiverReply,
  type WebhookReceiver,
} from '../webhooks/testing/receiver.ts';
export { webhookFixture } from '../webhooks/testing/fixture.ts';
