import type { ErrorCode, Platform, RedemptionReason } from './promocode_wasm.js';

/** Every reason `checkRedemption` can give, in report order. */
export declare const REDEMPTION_REASONS: readonly RedemptionReason[];
/** Every error code, with its message template (`{name}` marks where details go). */
export declare const ERROR_CODES: Readonly<Record<ErrorCode, string>>;
/** The alphabet of random parts: `23456789BCDFGHJKMNPQRSTVWXZ`. */
export declare const DEFAULT_ALPHABET: string;
/** Every platform name. */
export declare const PLATFORMS: readonly Platform[];
