/**
 * node:crypto where the code runs on Node, `undefined` elsewhere (Next's edge runtime, a
 * browser). Reached through `process.getBuiltinModule` (Node ≥ 20.16), never an import, so a
 * bundle that carries the caller names no Node module; the two callers (SRP maths, RS256
 * verification) use OpenSSL's synchronous calls on Node, which skip WebCrypto's thread-pool hop,
 * and fall back to BigInt or WebCrypto elsewhere.
 *
 * Only the calls used are typed, structurally, so the published types need no @types/node.
 */
export interface NodeCrypto {
  createDiffieHellman(
    prime: Uint8Array,
    generator: number,
  ): {
    setPrivateKey(privateKey: Uint8Array): void;
    computeSecret(otherPublicKey: Uint8Array): { toString(encoding: 'hex'): string };
  };
  createPrivateKey(input: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): unknown;
  createPublicKey(input: { key: object; format: 'der' | 'jwk'; type?: 'spki' }): NodeKeyObject;
  diffieHellman(keys: { privateKey: unknown; publicKey: unknown }): { toString(encoding: 'hex'): string };
  verify(algorithm: string, data: Uint8Array, key: NodeKeyObject, signature: Uint8Array): boolean;
}

export interface NodeKeyObject {
  readonly asymmetricKeyType?: string;
}

export function nodeCrypto(): NodeCrypto | undefined {
  // Next's edge sandbox stubs every function of `process` with one that throws.
  if ('EdgeRuntime' in globalThis) return undefined;
  try {
    const crypto = globalThis.process?.getBuiltinModule?.('node:crypto');
    // Node types key input as Buffer; it takes any Uint8Array at run time.
    return typeof crypto?.createDiffieHellman === 'function' ? (crypto as unknown as NodeCrypto) : undefined;
  } catch {
    return undefined;
  }
}
