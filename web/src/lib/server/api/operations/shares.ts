/** Read-only share links of a meeting, and what a link shows. */
import { apiShareCreatedSchema, apiShareSchema, apiSharedMeetingSchema } from '@parley/protocol';
import { createShareSchema } from '../../shares/schemas.ts';
import { list, type Operation } from './operation.ts';

export const SHARE_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/meetings/{id}/shares',
    summary: "The meeting's share links, newest first (hosts; no secrets)",
    auth: 'user',
    ok: [200, list(apiShareSchema)],
  },
  {
    method: 'post',
    path: '/api/meetings/{id}/shares',
    summary: 'Create a read-only share link (secret shown once; 30 days unless said)',
    auth: 'user',
    body: createShareSchema,
    ok: [201, apiShareCreatedSchema],
  },
  {
    method: 'delete',
    path: '/api/meetings/{id}/shares/{shareId}',
    summary: 'Revoke a share link',
    auth: 'user',
    ok: [204, undefined],
  },
  {
    method: 'get',
    path: '/api/shares/{token}',
    summary: 'What a share link shows (no account; 404 once revoked or expired)',
    auth: 'none',
    ok: [200, apiSharedMeetingSchema],
  },
];
