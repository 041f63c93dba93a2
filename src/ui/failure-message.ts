import { isTwofoldError } from "../protocol/twofold-error";

/**
 * What a failed action tells the person: Twofold's own message (it says what
 * happened and what to do), or `fallback` for anything else, such as the
 * browser refusing the clipboard, whose text is not written for people.
 */
export function failureMessage(error: unknown, fallback: string): string {
  return isTwofoldError(error) ? error.message : fallback;
}
