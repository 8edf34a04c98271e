export { ApiError, errorBody, errorResponse, fieldErrors, validationError } from './errors.ts';
export {
  MAX_BODY_BYTES,
  isJsonContentType,
  readBodyText,
  readJson,
  readOptionalJson,
} from './body.ts';
export { isCrossOriginWrite } from './csrf.ts';
export { apiHandler, jsonResponse } from './handler.ts';
export { formText } from './form.ts';
export { loggablePath, reportError } from './report.ts';
