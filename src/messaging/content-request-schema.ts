import { z } from "zod";
import { AccountId } from "../otp/account";
import type { ContentRequest } from "./content-messages";

/** The background's check of everything a content script sends. */
export const ContentRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("content.lookup") }),
  z.object({ type: z.literal("content.codeFor"), accountId: AccountId }),
]) satisfies z.ZodType<ContentRequest>;
