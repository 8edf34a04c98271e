export {
  ApiError,
  errorBody,
  errorResponse,
  fieldErrors,
  validationError,
  type ApiErrorBody,
} from './errors.ts';
export { MAX_BODY_BYTES, isJsonContentType, readBodyText, readJson } from './body.ts';
export { apiHandler, jsonResponse } from './handler.ts';
export { formText } from './form.ts';
export { reportError } from './report.ts';
