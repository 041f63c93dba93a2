import { createDecipheriv, scrypt } from "node:crypto";
import { z } from "zod";
import { TwofoldError } from "../../../src/protocol/twofold-error";
import { SCRYPT_LIMITS, SCRYPT_MAXMEM, scryptCostProblem, scryptWork } from "../../stores/scrypt-cost";
import type { Importer, ImportInput } from "../import-types";
import { notThisFormat, passwordNeeded, tooCostly, wrongPassword } from "./format-errors";
import { accountFromFields, collectEntries } from "./otp-fields";
import { describeIssue, looksLike, parseInnerJson, readEntry, readJson } from "./read-json";

// The vault format is documented in Aegis' docs/vault.md: hex for keys,
// nonces, tags and salts; base64 for the encrypted database.
const Hex = z.string().regex(/^(?:[0-9a-fA-F]{2})*$/, "hex");
const Sealed = z.object({ nonce: Hex, tag: Hex });

const PasswordSlot = z.object({
  type: z.literal(1),
  key: Hex,
  key_params: Sealed,
  // Aegis uses N=2^15, r=8, p=1; scrypt-cost.ts bounds what a hostile file may ask for.
  n: z.number().int().min(2),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: Hex,
});

const Vault = z.object({
  version: z.number().int(),
  header: z.object({
    slots: z.array(z.object({ type: z.number().int() }).loose()).nullable(),
    params: Sealed.nullable(),
  }),
  db: z.union([z.string(), z.object({ entries: z.array(z.unknown()) })]),
});

const Database = z.object({ entries: z.array(z.unknown()) });

const Entry = z.object({
  type: z.string(),
  name: z.string().default(""),
  issuer: z.string().default(""),
  favorite: z.boolean().optional(),
  info: z.object({
    secret: z.string(),
    algo: z.string().optional(),
    digits: z.number().optional(),
    period: z.number().optional(),
    counter: z.number().optional(),
  }),
});

const FORMAT = "Aegis vault";

/**
 * Aegis Authenticator's JSON export, plain (`db` is the database) or
 * encrypted (`db` is base64 AES-256-GCM ciphertext whose master key is
 * wrapped, in each password slot, by a key from scrypt over the password).
 */
export const aegis: Importer = {
  format: "aegis",
  name: "Aegis JSON export",
  detect: (input) => looksLike(input, z.object({ header: z.object({}), db: z.union([z.string(), z.object({})]) })),
  async parse(input) {
    const vault = readJson(input, Vault, FORMAT);
    const database = typeof vault.db === "string" ? await decryptDatabase(vault, vault.db, input) : vault.db;
    return collectEntries(
      database.entries,
      (_, index) => `entry ${index + 1}`,
      (value) => {
        const entry = readEntry(Entry, value);
        const account = accountFromFields({
          kind: entry.type,
          issuer: entry.issuer,
          label: entry.name,
          secret: entry.info.secret,
          algorithm: entry.info.algo,
          digits: entry.info.digits,
          period: entry.info.period,
          counter: entry.info.counter,
        });
        return { account, domains: [], pinned: entry.favorite === true };
      },
    );
  },
};

async function decryptDatabase(
  vault: z.infer<typeof Vault>,
  db: string,
  input: ImportInput,
): Promise<z.infer<typeof Database>> {
  const params = vault.header.params;
  const slots = (vault.header.slots ?? []).filter((slot) => slot.type === 1);
  if (params === null || slots.length === 0) {
    throw notThisFormat(FORMAT, "it is encrypted but has no password slot (biometric-only vaults cannot be exported)");
  }
  const allSlots = vault.header.slots?.length ?? 0;
  if (allSlots > SCRYPT_LIMITS.slots) {
    throw tooCostly(FORMAT, `it has ${allSlots} key slots; Twofold reads at most ${SCRYPT_LIMITS.slots}`);
  }
  if (!input.password) throw passwordNeeded(FORMAT);
  // Every slot is checked, and their total work bounded, before any key is derived.
  const passwordSlots = slots.map((candidate) => {
    const slot = PasswordSlot.safeParse(candidate);
    if (!slot.success) throw notThisFormat(FORMAT, `its password slot: ${describeIssue(slot.error)}`);
    const problem = scryptCostProblem({ N: slot.data.n, r: slot.data.r, p: slot.data.p });
    if (problem !== null) throw tooCostly(FORMAT, `a password slot ${problem}`);
    return slot.data;
  });
  const work = passwordSlots.reduce((sum, slot) => sum + scryptWork({ N: slot.n, r: slot.r, p: slot.p }), 0);
  if (work > SCRYPT_LIMITS.workBytes) {
    throw tooCostly(
      FORMAT,
      `its ${passwordSlots.length} password slots together ask scrypt for ${Math.round(work / 2 ** 20)} MiB of work; Twofold allows at most ${SCRYPT_LIMITS.workBytes / 2 ** 20} MiB`,
    );
  }
  let masterKey: Buffer | null = null;
  for (const slot of passwordSlots) {
    const slotKey = await deriveSlotKey(input.password, slot);
    masterKey = openGcm(slotKey, slot.key_params, Buffer.from(slot.key, "hex"));
    if (masterKey !== null) break;
  }
  if (masterKey === null) throw wrongPassword(FORMAT);
  const plaintext = openGcm(masterKey, params, Buffer.from(db, "base64"));
  if (plaintext === null) {
    throw new TwofoldError(
      "IMPORT_INVALID",
      "The password opens this Aegis vault, but its contents were altered or damaged. Export it from Aegis again.",
    );
  }
  const database = Database.safeParse(parseInnerJson(plaintext, FORMAT, "its decrypted contents"));
  if (!database.success) throw notThisFormat(FORMAT, `its decrypted contents: ${describeIssue(database.error)}`);
  return database.data;
}

function deriveSlotKey(password: string, slot: z.infer<typeof PasswordSlot>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      Buffer.from(password, "utf8"),
      Buffer.from(slot.salt, "hex"),
      32,
      { N: slot.n, r: slot.r, p: slot.p, maxmem: SCRYPT_MAXMEM },
      (error, key) =>
        error
          ? reject(notThisFormat(FORMAT, "its password slot has scrypt parameters that do not work"))
          : resolve(key),
    );
  });
}

/** AES-256-GCM decryption; `null` when the key is wrong or the data altered. */
function openGcm(key: Buffer, sealed: z.infer<typeof Sealed>, ciphertext: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.nonce, "hex"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "hex"));
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}
