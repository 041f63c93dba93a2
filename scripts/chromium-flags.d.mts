export declare const QUIET_FLAGS: readonly string[];
export declare const HEADLESS_FLAGS: readonly string[];
