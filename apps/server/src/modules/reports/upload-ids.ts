import { uploadIdSchema } from '@gpos/contracts';
import { AppError, validationFailed } from '../../platform/errors.js';
import { issueFieldErrors } from '../../platform/http/validation-errors.js';

/** The header that may carry a bulk upload's id instead of `?uploadId=` (clients that keep the URL fixed). */
export const UPLOAD_ID_HEADER = 'gpos-upload-id';

/**
 * The id a bulk upload is tagged with: `?uploadId=` (already checked by the route's query schema) or the
 * `GPOS-Upload-Id` header, checked here by the same schema and refused on `headers.gpos-upload-id`. Both
 * given, they must be the same id: which one to keep would otherwise be a guess. Undefined without either.
 */
export function bulkUploadId(fromQuery: string | undefined, header: string | string[] | undefined): string | undefined {
  if (header === undefined) return fromQuery;
  const path = `headers.${UPLOAD_ID_HEADER}`;
  if (Array.isArray(header)) throw validationFailed(path, 'is sent more than once: send one upload id (uploadId)');
  const parsed = uploadIdSchema.safeParse(header);
  if (!parsed.success) {
    const errors = issueFieldErrors(parsed.error.issues, header, ['headers', UPLOAD_ID_HEADER]);
    throw new AppError('validation_failed', `${path}: the upload id (uploadId) ${errors[0]!.message}`, { errors });
  }
  if (fromQuery !== undefined && fromQuery !== parsed.data) {
    throw validationFailed('querystring.uploadId', `differs from the ${UPLOAD_ID_HEADER} header: send the upload id once, or the same in both`, fromQuery);
  }
  return parsed.data;
}
