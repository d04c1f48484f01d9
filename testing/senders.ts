/** A sender the tests treat as verified, as the receiving mail server would have vouched for it. */
export const verifiedEmail = {
  senderVerification: "email_authenticated",
  senderVerificationReason: "dkim=pass for the sender's domain (test)",
} as const;
