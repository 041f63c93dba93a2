import type { AccountSummary } from "../otp/account";
import type { Code } from "../protocol/methods";

/**
 * The accounts and codes behind the popup's snapshot, kept by the background
 * so the popup opens with codes on screen without waiting for the host.
 * Codes are used only inside their validity window; after it, the host is
 * asked again. (The host keeps its own cache of computed codes.)
 */
export class SnapshotCache {
  private accounts: AccountSummary[] | null = null;
  private codes = new Map<string, Code>();

  getAccounts(): AccountSummary[] | null {
    return this.accounts;
  }

  setAccounts(accounts: AccountSummary[]): void {
    this.accounts = accounts;
    const ids = new Set(accounts.map((account) => account.id));
    for (const id of this.codes.keys()) if (!ids.has(id)) this.codes.delete(id);
  }

  putCodes(codes: readonly Code[]): void {
    for (const code of codes) this.codes.set(code.accountId, code);
  }

  /**
   * Current codes for every cached account, or `null` if any is missing or
   * stale — or, with `partial`, the codes that are current.
   */
  currentCodes(now: number, { partial = false } = {}): Record<string, Code> | null {
    if (this.accounts === null) return null;
    const result: Record<string, Code> = {};
    for (const account of this.accounts) {
      const code = this.current(account.id, now);
      if (code !== null) result[account.id] = code;
      else if (!partial) return null;
    }
    return result;
  }

  /** Forget everything, e.g. after the host restarted or the store changed. */
  clear(): void {
    this.accounts = null;
    this.codes.clear();
  }

  private current(accountId: string, now: number): Code | null {
    const code = this.codes.get(accountId);
    if (code === undefined) return null;
    if (code.validUntil === null || code.validFrom === null) return code;
    return now >= code.validFrom && now < code.validUntil ? code : null;
  }
}
