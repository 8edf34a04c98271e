/** Read-only share links of a meeting, and what a link shows. */
import { apiShareCreatedSchema, apiShareSchema, apiSharedMeetingSchema } from '@parley/protocol';
import { z } from 'zod';
import { createShareSchema, unlockShareSchema, updateShareSchema } from '../../shares/schemas.ts';
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
    method: 'patch',
    path: '/api/meetings/{id}/shares/{shareId}',
    summary:
      'Change a share link: a new lifetime counted from now (an expired link works again) and or a new password, or none (null); a new password asks every browser again (409 once revoked)',
    auth: 'user',
    body: updateShareSchema,
    ok: [200, z.object({ share: apiShareSchema })],
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
    summary:
      'What a share link shows (no account; 404 once revoked or expired; 401 share_locked until a password link is unlocked)',
    auth: 'none',
    ok: [200, apiSharedMeetingSchema],
  },
  {
    method: 'post',
    path: '/api/shares/{token}/unlock',
    summary:
      "Give a link's password: a cookie opens the link for 12 hours (422 wrong, 429 too many tries)",
    auth: 'none',
    body: unlockShareSchema,
    ok: [204, undefined],
  },
];
