/** Types of ./keychain-service.mjs (see there). */
export interface StandInItem {
  account: string;
  label: string;
  value: string;
}
export interface StandInState {
  accessGroup: string;
  items: StandInItem[];
}
export interface StandInOptions {
  revealsSecrets: boolean;
  nowMs: () => number;
  codesOf?: (value: string, nowMs: number) => { counter: number; code: string; next: string } | null;
  failure?: number;
}
export declare function respond(
  request: unknown,
  state: StandInState,
  options: StandInOptions,
): { reply: Record<string, unknown>; changed: boolean };
export declare function withoutSecret(value: string): string;
