import { EgressStatus, type EgressInfo } from 'livekit-server-sdk';

/** What an ended egress means for its recording. */
export function egressEndState(info: EgressInfo): {
  status: 'completed' | 'failed';
  durationMs: number | null;
  sizeBytes: number | null;
  objectKey: string | null;
  error: string | null;
} {
  const file = info.fileResults[0];
  const ok =
    (info.status === EgressStatus.EGRESS_COMPLETE ||
      info.status === EgressStatus.EGRESS_LIMIT_REACHED) &&
    !!file &&
    Number(file.size) > 0;
  const durationNs = Number(file?.duration ?? 0);
  return {
    status: ok ? 'completed' : 'failed',
    durationMs: durationNs > 0 ? Math.round(durationNs / 1e6) : null,
    sizeBytes: file && Number(file.size) > 0 ? Number(file.size) : null,
    objectKey: file?.filename || null,
    error: ok
      ? null
      : info.status === EgressStatus.EGRESS_ABORTED
        ? 'egress_aborted'
        : 'egress_failed',
  };
}
