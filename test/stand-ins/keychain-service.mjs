/*
 * What the Swift KeychainService (native-host/macos/Sources/TwofoldKeychain)
 * answers, over a list of items instead of the keychain: the logic of the
 * stand-ins for the iCloud keychain helper (./icloud-helper, which reveals
 * secrets to the host) and for Safari's app extension handler
 * (test/support/safari-handler-stand-in.ts, which never does). The shared
 * vectors in test/vectors/wire.json hold both this and the Swift to the same
 * replies. No dependencies: codes come from the caller's `codesOf`.
 *
 * state: { accessGroup, items: [{ account, label, value }] }, changed in place.
 */

const ACCOUNT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_VALUE_BYTES = 1 << 20;

/** Security framework failures by OSStatus, named as the protocol names them, with Apple's texts. */
export const FAILURES = {
  [-25300]: { code: "notFound", message: "The specified item could not be found in the keychain." },
  [-25299]: { code: "duplicate", message: "The specified item already exists in the keychain." },
  [-34018]: { code: "missingEntitlement", message: "A required entitlement isn't present." },
  [-25308]: { code: "interactionNotAllowed", message: "User interaction is not allowed." },
  [-128]: { code: "userCancelled", message: "User canceled the operation." },
  [-25291]: {
    code: "keychainUnavailable",
    message: "No keychain is available. You may need to restart your computer.",
  },
};

export class Failure extends Error {
  constructor(body) {
    super(body.message);
    this.body = body;
  }
}

export function keychainFailure(osStatus) {
  const known = FAILURES[osStatus] ?? { code: "internal", message: `OSStatus ${osStatus}` };
  return new Failure({ code: known.code, osStatus, message: known.message });
}

function badRequest(message) {
  return new Failure({ code: "badRequest", osStatus: null, message });
}

function account(request) {
  if (typeof request.account !== "string" || !ACCOUNT.test(request.account)) {
    throw badRequest("account must be 1 to 64 of A-Z a-z 0-9 _ -");
  }
  return request.account;
}

function jsonObject(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The stored JSON without its secret; "" when it is not a JSON object. */
export function withoutSecret(value) {
  const object = jsonObject(value);
  if (object === null) return "";
  delete object.secret;
  return JSON.stringify(object);
}

/** `value` with the stored secret when it has none of its own; null when either is not a record. */
function keepingSecret(value, stored) {
  const object = jsonObject(value);
  if (object === null) return null;
  if ("secret" in object) return value;
  const secret = jsonObject(stored)?.secret;
  if (secret === undefined) return null;
  return JSON.stringify({ ...object, secret });
}

/**
 * The reply to one request, and whether the items changed.
 * options: { revealsSecrets, nowMs: () => number, codesOf?: (value, nowMs) =>
 *   { counter, code, next } | null, failure?: OSStatus that keychain calls
 *   fail with (errSecMissingEntitlement fails ping too, as an unsigned build does) }.
 */
export function respond(request, state, options) {
  const id = Number.isInteger(request?.id) ? request.id : 0;
  try {
    const { result, changed } = answer(request ?? {}, state, options);
    return { reply: { id, ok: true, result }, changed };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { reply: { id, ok: false, error: error.body }, changed: false };
  }
}

function answer(request, state, options) {
  // As in Swift: a request is checked first, then the keychain call fails.
  const keychain = () => {
    if (options.failure !== undefined) throw keychainFailure(options.failure);
  };
  const find = (id) => state.items.find((item) => item.account === id);
  const shown = (item) => ({
    account: item.account,
    value: options.revealsSecrets ? item.value : withoutSecret(item.value),
  });
  switch (request.op) {
    case "ping":
      // Only a missing entitlement stops ping: it asks the signature, not the keychain.
      if (options.failure === -34018) keychain();
      return { result: { protocol: 1, version: "0.2.0-stand-in", accessGroup: state.accessGroup } };
    case "list":
      keychain();
      return { result: { items: state.items.map(shown) } };
    case "get": {
      const id = account(request);
      keychain();
      const found = find(id);
      if (!found) throw keychainFailure(-25300);
      return { result: { item: shown(found) } };
    }
    case "put": {
      const id = account(request);
      const { label, value } = request;
      if (
        typeof label !== "string" ||
        typeof value !== "string" ||
        label.length > 512 ||
        Buffer.byteLength(value) > MAX_VALUE_BYTES
      ) {
        throw badRequest("put needs a label of at most 512 characters and a value of at most 1 MiB");
      }
      if (request.mode !== "add" && request.mode !== "replace") throw badRequest('mode must be "add" or "replace"');
      keychain();
      const found = find(id);
      if (request.mode === "add") {
        if (found) throw keychainFailure(-25299);
        state.items.push({ account: id, label, value });
      } else {
        if (!found) throw keychainFailure(-25300);
        const kept = keepingSecret(value, found.value);
        if (kept === null) {
          throw badRequest("a replacing value must be a JSON object, and the stored one must hold a secret");
        }
        found.label = label;
        found.value = kept;
      }
      return { result: {}, changed: true };
    }
    case "delete": {
      const id = account(request);
      keychain();
      const kept = state.items.filter((item) => item.account !== id);
      if (kept.length === state.items.length) throw keychainFailure(-25300);
      state.items = kept;
      return { result: {}, changed: true };
    }
    case "codes": {
      const wanted = request.accounts;
      if (!Array.isArray(wanted) || wanted.length > 10_000 || !wanted.every((id) => typeof id === "string")) {
        throw badRequest("codes needs accounts: at most 10,000 account ids");
      }
      if (options.codesOf === undefined) throw badRequest("this stand-in makes no codes");
      keychain();
      const now = options.nowMs();
      const codes = [];
      const unusable = [];
      for (const id of wanted) {
        const found = find(id);
        if (!found) continue;
        const made = options.codesOf(found.value, now);
        if (made === null) unusable.push(id);
        else codes.push({ account: id, ...made });
      }
      return { result: { codes, unusable } };
    }
    default:
      throw badRequest(`unknown op ${typeof request.op === "string" ? request.op : "(none)"}`);
  }
}
