import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file outside the database
 * (AUDIT_SIGNING_KEY_FILE), so someone who can rewrite the database still cannot sign a
 * checkpoint that agrees with the rewrite. The public half is what verifiers trust.
 */
export type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

/** Reads the private key PEM at `file`, creating it (mode 600, public half beside it) if absent. */
export function loadOrCreateSigningKey(file: string): SigningKey {
  if (!fs.existsSync(file)) {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    fs.writeFileSync(publicKeyFileOf(file), publicKey.export({ type: "spki", format: "pem" }));
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function publicKeyFileOf(privateKeyFile: string): string {
  return privateKeyFile.replace(/(\.pem)?$/, ".pub.pem");
}

export function readPublicKey(file: string): KeyObject {
  return createPublicKey(fs.readFileSync(file));
}

export function signStatement(key: SigningKey, statement: string): string {
  return sign(null, Buffer.from(statement, "utf8"), key.privateKey).toString("base64");
}

export function statementSigned(publicKey: KeyObject, statement: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(statement, "utf8"), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
