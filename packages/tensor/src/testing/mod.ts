/**
 * placeholder
 * @module
 */
export * from "./conformance.ts";
export { createReferenceBackend } from "./reference_backend.ts";
