/**
 * SHA-256 of file contents through the platform's `crypto.subtle` (native, asynchronous).
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/**
 * Computes the SHA-256 of `bytes` as lowercase hex.
 * @param bytes the data.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * import { sha256Hex } from "@mnist/idx";
 * console.log(await sha256Hex(new Uint8Array())); // e3b0c442…b855
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
