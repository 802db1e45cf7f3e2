import { renderError, type ErrorBody } from '../render-error';

/** The REST face's answer for any error of a call: the status and `{ code, message, details }`. */
export function restError(error: unknown): { status: number; body: ErrorBody } {
  const { httpStatus, body } = renderError(error);
  return { status: httpStatus, body };
}
