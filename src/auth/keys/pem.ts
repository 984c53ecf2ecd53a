import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** Splits one or more PEM blocks; environment variables often carry them with literal `\n`. */
export function splitPemBlocks(text: string): string[] {
  return [...text.replace(/\\n/g, '\n').matchAll(PEM_BLOCK)].map((match) => match[0]);
}

export const parsePrivateKeys = (text: string): KeyObject[] => splitPemBlocks(text).map((pem) => createPrivateKey(pem));

export const parsePublicKeys = (text: string): KeyObject[] => splitPemBlocks(text).map((pem) => createPublicKey(pem));
