import { z } from "zod";
import { keyChannels } from "./message-input";
import { roles } from "./permissions";

// Plain zod and no server imports: the admin console validates its forms with these same schemas.

export const minimumPasswordLength = 12;

export const createUserInput = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  role: z.enum(roles),
  password: z
    .string()
    .min(minimumPasswordLength, `Use at least ${minimumPasswordLength} characters`)
    .max(256, "Use at most 256 characters"),
});
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(256),
  newPassword: z
    .string()
    .min(minimumPasswordLength, `Use at least ${minimumPasswordLength} characters`)
    .max(256, "Use at most 256 characters"),
});
export const forceResetInput = z.object({ userId: z.string().uuid() });
export const liftSignInLockInput = z.object({ key: z.string().min(3).max(400) });
export const setRoleInput = z.object({ userId: z.string().uuid(), role: z.enum(roles) });
export const setDisabledInput = z.object({ userId: z.string().uuid(), disabled: z.boolean() });
export const createApiKeyInput = z.object({
  name: z.string().trim().min(2, "Use at least 2 characters").max(100, "Use at most 100 characters"),
  /** where the key may post; the body never chooses the channel */
  channels: z.array(z.enum(keyChannels)).min(1, "Choose at least one channel").default(["api"]),
  /** whether the senders this key names count as verified (only for a system that verified them) */
  trustedSender: z.boolean().default(false),
});
export const revokeApiKeyInput = z.object({ apiKeyId: z.string().uuid() });
