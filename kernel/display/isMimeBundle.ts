import type { MimeBundle } from "../output";

/**
 * True for a ready-made mime bundle: a plain object, not empty, whose every key is a mime type
 * (`text/plain`, `application/vnd.vegalite.v5+json`, …). display() shows such an object as it is
 * rather than as data.
 *
 * @example isMimeBundle({ "text/html": "<b>hi</b>" }) // true
 */
export function isMimeBundle(value: unknown): value is MimeBundle {
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => MIME_TYPE.test(k));
}

const MIME_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;
