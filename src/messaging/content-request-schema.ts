import { z } from "zod";
import { AccountId } from "../otp/account";
import type { ContentRequest, MenuRequest } from "./content-messages";

/** The background's check of everything a content script sends. */
export const ContentRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("content.prepare") }),
  z.object({ type: z.literal("content.lookup") }),
  z.object({ type: z.literal("content.codeFor"), accountId: AccountId }),
]) satisfies z.ZodType<ContentRequest>;

/** The background's check of everything the inline menu page sends. */
const MenuToken = z.string().uuid();
export const MenuRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("menu.accounts"), token: MenuToken }),
  z.object({ type: z.literal("menu.pick"), token: MenuToken, accountId: AccountId }),
  z.object({ type: z.literal("menu.close"), token: MenuToken }),
]) satisfies z.ZodType<MenuRequest>;
