import { Root, type Type } from "protobufjs/light.js";

/**
 * Google Authenticator's export message, as publicly reverse-engineered
 * (e.g. Aegis `GoogleAuthImporter`, the `otpauth-migration` decoders):
 *
 * ```proto
 * message MigrationPayload {
 *   enum Algorithm { ALGORITHM_UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4; }
 *   enum DigitCount { DIGIT_COUNT_UNSPECIFIED = 0; SIX = 1; EIGHT = 2; }
 *   enum OtpType { OTP_TYPE_UNSPECIFIED = 0; HOTP = 1; TOTP = 2; }
 *   message OtpParameters {
 *     bytes secret = 1; string name = 2; string issuer = 3; Algorithm algorithm = 4;
 *     DigitCount digits = 5; OtpType type = 6; int64 counter = 7;
 *   }
 *   repeated OtpParameters otp_parameters = 1;
 *   int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
 * }
 * ```
 *
 * Built by reflection from JSON so no generated code is checked in; the
 * fixtures encode with this same type.
 */
export const MigrationPayload: Type = Root.fromJSON({
  nested: {
    MigrationPayload: {
      fields: {
        otpParameters: { rule: "repeated", type: "OtpParameters", id: 1 },
        version: { type: "int32", id: 2 },
        batchSize: { type: "int32", id: 3 },
        batchIndex: { type: "int32", id: 4 },
        batchId: { type: "int32", id: 5 },
      },
      nested: {
        Algorithm: { values: { ALGORITHM_UNSPECIFIED: 0, SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 } },
        DigitCount: { values: { DIGIT_COUNT_UNSPECIFIED: 0, SIX: 1, EIGHT: 2 } },
        OtpType: { values: { OTP_TYPE_UNSPECIFIED: 0, HOTP: 1, TOTP: 2 } },
        OtpParameters: {
          fields: {
            secret: { type: "bytes", id: 1 },
            name: { type: "string", id: 2 },
            issuer: { type: "string", id: 3 },
            algorithm: { type: "Algorithm", id: 4 },
            digits: { type: "DigitCount", id: 5 },
            type: { type: "OtpType", id: 6 },
            counter: { type: "int64", id: 7 },
          },
        },
      },
    },
  },
}).lookupType("MigrationPayload");

/** Enum numbers as the payload carries them. */
export const ALGORITHMS: Record<number, string> = { 0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512", 4: "MD5" };
export const DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8 };
export const OTP_TYPES: Record<number, string> = { 1: "hotp", 2: "totp" };
