import type { z } from "zod";
import type { StoredAccount } from "../../src/otp/account";
import {
  type MethodName,
  MethodName as MethodNameSchema,
  type MethodResult,
  methods,
} from "../../src/protocol/methods";
import { TwofoldError } from "../../src/protocol/twofold-error";
import type { AccountService } from "../accounts/account-service";
import type { AccountStore } from "../accounts/account-store";
import { answerHello } from "./answer-hello";
import { checkCodeTime } from "./check-code-time";
import { outcomeOf, type Respond } from "./outcome";
import { paginate, paginateBatches } from "./paginate";
import { parseParams } from "./parse-params";

/** What the request handlers need from the process around them. */
export interface HostContext {
  /**
   * Opened on first use, so `hello` answers without touching the store. Its
   * records may lack secrets (Safari's background), so none is used here.
   */
  accounts(): Promise<AccountService<StoredAccount, AccountStore<StoredAccount>>>;
  storeSpec: string;
  version: string;
  /** Runs an import (the importers load lazily; see native-host/import). */
  importData(params: z.infer<(typeof methods)["import"]["params"]>): Promise<MethodResult<"import">>;
  storeStatus(): Promise<MethodResult<"store.status">>;
  /** `twofold doctor` as seen from the running host. */
  doctor(params: z.infer<(typeof methods)["doctor"]["params"]>): Promise<MethodResult<"doctor">>;
}

type Handlers = {
  [M in MethodName]: (params: z.infer<(typeof methods)[M]["params"]>, context: HostContext) => Promise<MethodResult<M>>;
};

const handlers: Handlers = {
  hello: async (params, context) => answerHello(params, context),
  "accounts.list": async ({ cursor }, context) => {
    const { page, cursor: next } = paginate(await (await context.accounts()).list(), cursor);
    return next === undefined ? { accounts: page } : { accounts: page, cursor: next };
  },
  "codes.get": async ({ accountIds, at, cursor }, context) => {
    const service = await context.accounts();
    // Codes are made only for the page being sent, not for every account on every page.
    // One time for the whole page, so no page straddles two code windows.
    const now = service.now();
    const records = await service.records(accountIds);
    if (at !== undefined)
      checkCodeTime(
        "codes.get",
        at,
        now,
        records.map((record) => record.otp),
      );
    const when = at ?? now;
    const { page, cursor: next } = await paginateBatches(records, cursor, (batch) =>
      service.secrets.codes(batch, when),
    );
    return next === undefined ? { codes: page } : { codes: page, cursor: next };
  },
  "codes.forUrl": async ({ url, at }, context) => {
    const service = await context.accounts();
    const now = service.now();
    const matches = await service.codesForUrl(url, at ?? now);
    if (at !== undefined)
      checkCodeTime(
        "codes.forUrl",
        at,
        now,
        matches.map((match) => match.account),
      );
    return { matches };
  },
  "accounts.add": async (params, context) => ({ account: await (await context.accounts()).add(params) }),
  "accounts.remove": async ({ id }, context) => {
    await (await context.accounts()).remove(id);
    return { removed: true };
  },
  "accounts.setPinned": async ({ id, pinned }, context) => ({
    account: await (await context.accounts()).setPinned(id, pinned),
  }),
  "accounts.setDomains": async ({ id, domains }, context) => ({
    account: await (await context.accounts()).setDomains(id, domains),
  }),
  "accounts.setSharedSites": async ({ id, enabled }, context) => ({
    account: await (await context.accounts()).setSharedSites(id, enabled),
  }),
  "accounts.remember": async ({ id, url, scope }, context) => ({
    account: await (await context.accounts()).remember(id, url, scope),
  }),
  "hotp.advance": async ({ id }, context) => ({ code: await (await context.accounts()).advanceHotp(id) }),
  import: (params, context) => context.importData(params),
  "store.status": (_params, context) => context.storeStatus(),
  doctor: (params, context) => context.doctor(params),
};

/**
 * Validates a request's method and params, runs it, and returns its result
 * parsed through the method's result schema — which also strips any field the
 * schema does not name, so a secret can never ride along in a reply.
 */
export async function handleRequest(method: string, params: unknown, context: HostContext): Promise<unknown> {
  const name = MethodNameSchema.safeParse(method);
  if (!name.success) {
    throw new TwofoldError(
      "UNKNOWN_METHOD",
      `Unknown method "${method.slice(0, 64)}". This host knows: ${MethodNameSchema.options.join(", ")}.`,
    );
  }
  const schema = methods[name.data];
  const parsed = parseParams(name.data, schema.params, params);
  const handler = handlers[name.data] as (params: unknown, context: HostContext) => Promise<unknown>;
  return schema.result.parse(await handler(parsed, context));
}

/** {@link handleRequest} for the host loop, its errors as data. */
export function respondWith(context: HostContext): Respond {
  return (method, params) => outcomeOf(() => handleRequest(method, params, context));
}
