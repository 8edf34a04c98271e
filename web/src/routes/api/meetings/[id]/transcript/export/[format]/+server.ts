import type { RequestHandler } from './$types';
import { EXPORT_FORMATS, type ExportFormat } from '#lib/recordings/transcript-export.ts';
import { authorizeMeeting } from '#lib/server/authz/index.ts';
import { getDb } from '#lib/server/db.ts';
import { ApiError, apiHandler } from '#lib/server/http/index.ts';
import { transcriptExport } from '#lib/server/recording/index.ts';

/**
 * The transcript as a file: `/transcript/export/txt|vtt|srt|md`, sent as an attachment.
 * Members only (404 for anyone else); 422 naming `format` for an unknown one.
 */
export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
  const db = getDb();
  const access = await authorizeMeeting(db, locals.principal, params.id, 'read');
  const format = params.format;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ApiError(422, 'validation_failed', 'Unknown export format.', {
      fields: { format: `format must be one of ${EXPORT_FORMATS.join(', ')}` },
    });
  }
  const file = await transcriptExport(db, access.meeting, format as ExportFormat);
  return new Response(file.body, {
    headers: {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
